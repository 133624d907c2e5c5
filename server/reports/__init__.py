"""Reports and exports for team leads, and the region's aggregates.

``timezone`` turns local dates and hours into UTC instants and SQL; ``coverage``, ``weekly``,
``mediations``, ``devices`` and ``region`` compute the reports by SQL aggregates; ``exports`` and
``book`` build the audited files; ``views`` and ``export_views`` are the blueprints; ``access``
asks ``server.permissions`` who may read what; ``indexes`` adds the indexes the reports need.
"""

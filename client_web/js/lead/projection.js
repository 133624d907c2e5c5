/**
 * Neighborhood outlines (GeoJSON Polygon / MultiPolygon) to SVG path data.
 *
 * An equirectangular projection fitted to the team's bounding box: longitudes are shrunk by the
 * cosine of the box's middle latitude, so a city's shapes keep their proportions. At a city's
 * scale this is as good as any projection and needs no library and no tiles.
 */

/** The polygons of a geometry as lists of rings of `[lon, lat]`; `[]` for null or other types. */
export function polygonsOf(geometry) {
  if (!geometry || !Array.isArray(geometry.coordinates)) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** `{minLon, minLat, maxLon, maxLat}` over every position of the geometries, or null. */
export function boundingBox(geometries) {
  let box = null;
  for (const geometry of geometries) {
    for (const polygon of polygonsOf(geometry)) {
      for (const ring of polygon) {
        for (const [lon, lat] of ring) {
          if (!box) box = { minLon: lon, minLat: lat, maxLon: lon, maxLat: lat };
          box.minLon = Math.min(box.minLon, lon);
          box.maxLon = Math.max(box.maxLon, lon);
          box.minLat = Math.min(box.minLat, lat);
          box.maxLat = Math.max(box.maxLat, lat);
        }
      }
    }
  }
  return box;
}

/**
 * A projection of `box` into a viewBox `width` wide (and at most `maxHeight` tall), with `pad`
 * units of margin: `{project([lon, lat]) -> [x, y], width, height}`.
 */
export function fitProjection(box, { width = 320, maxHeight = 360, pad = 8 } = {}) {
  const midLat = ((box.minLat + box.maxLat) / 2) * (Math.PI / 180);
  const xScale = Math.cos(midLat);
  // A single point or a line still gets a finite scale.
  const spanX = Math.max((box.maxLon - box.minLon) * xScale, 1e-9);
  const spanY = Math.max(box.maxLat - box.minLat, 1e-9);
  const k = Math.min((width - 2 * pad) / spanX, (maxHeight - 2 * pad) / spanY);
  const offsetX = (width - spanX * k) / 2;
  const height = Math.ceil(spanY * k + 2 * pad);
  return {
    width,
    height,
    project: ([lon, lat]) => [
      offsetX + (lon - box.minLon) * xScale * k,
      pad + (box.maxLat - lat) * k, // north up: SVG's y grows downwards
    ],
  };
}

const round = (value) => Math.round(value * 10) / 10;

/** SVG path data for a geometry: one closed subpath per ring (holes drawn with evenodd). */
export function pathData(geometry, projection) {
  const parts = [];
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      const points = ring.map((position) => projection.project(position).map(round).join(','));
      if (points.length) parts.push(`M${points.join('L')}Z`);
    }
  }
  return parts.join('');
}

// Which neighborhood the worker stands in (or is nearest to), from a GeoJSON outline, without
// any map service: ray casting on the outline, else the nearest outline vertex's distance.

function rings(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function inRing(ring, lon, lat) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Squared distance in degrees, longitude scaled by latitude: enough to rank nearby areas.
function distance2(geometry, lon, lat) {
  let best = Infinity;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const polygon of rings(geometry)) {
    if (inRing(polygon[0], lon, lat) && !polygon.slice(1).some((hole) => inRing(hole, lon, lat))) return 0;
    for (const [x, y] of polygon[0]) best = Math.min(best, ((x - lon) * k) ** 2 + (y - lat) ** 2);
  }
  return best;
}

// The neighborhood record nearest to {lat, lon}, or null when none has an outline.
export function nearest(neighborhoods, { lat, lon }) {
  let found = null;
  let best = Infinity;
  for (const n of neighborhoods) {
    const d = distance2(n.data.geometry, lon, lat);
    if (d < best) {
      best = d;
      found = n;
    }
  }
  return found;
}

// The current position if the worker already allowed it; never prompts on its own.
export async function positionIfAllowed(timeout = 4000) {
  try {
    if (!navigator.permissions || !navigator.geolocation) return null;
    const state = await navigator.permissions.query({ name: 'geolocation' });
    if (state.state !== 'granted') return null;
    return await currentPosition({ timeout, maximumAge: 120000 });
  } catch {
    return null;
  }
}

export function currentPosition(options = {}) {
  return new Promise((resolve, reject) => {
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({
        lat: Number(pos.coords.latitude.toFixed(6)),
        lon: Number(pos.coords.longitude.toFixed(6)),
        accuracy_m: Math.round(pos.coords.accuracy),
      }),
      (error) => reject(error),
      { enableHighAccuracy: true, timeout: 15000, ...options },
    );
  });
}

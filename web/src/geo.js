// Plane geometry of world-atlas's countries, shared by the dashboard's maps (charts.js) and
// the engine's static map (scripts/world-map.mjs): no dependencies, so Node runs it too.

/**
 * world-atlas keeps rings that cross the 180° meridian whole (d3-geo cuts them on the
 * sphere); drawn on a plane they would cross the whole map (Russia, Fiji). Each ring is made
 * continuous in longitude, and a ring left west of -180° is moved east by 360°, so Chukotka
 * and Fiji's eastern isles overhang the map's east edge a little instead.
 */
export function unwrapAntimeridian(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let k = 1; k < ring.length; k++) {
        const jump = ring[k][0] - ring[k - 1][0];
        if (jump > 180) ring[k] = [ring[k][0] - 360, ring[k][1]];
        else if (jump < -180) ring[k] = [ring[k][0] + 360, ring[k][1]];
      }
      if (Math.min(...ring.map((p) => p[0])) < -180) {
        for (let k = 0; k < ring.length; k++) ring[k] = [ring[k][0] + 360, ring[k][1]];
      }
    }
  }
}

/**
 * The centroid (longitude, latitude, by the shoelace formula on the plane) of a geometry's
 * largest ring: where a flow to or from the country is drawn (the mainland, not the mean of
 * scattered islands and overseas parts).
 */
export function mainCentroid(geometry) {
  if (!geometry) return null;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  let best = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    let area = 0;
    let x = 0;
    let y = 0;
    for (let k = 0; k + 1 < ring.length; k++) {
      const cross = ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
      area += cross;
      x += (ring[k][0] + ring[k + 1][0]) * cross;
      y += (ring[k][1] + ring[k + 1][1]) * cross;
    }
    if (area !== 0 && (!best || Math.abs(area) > best.size)) best = { size: Math.abs(area), at: [x / (3 * area), y / (3 * area)] };
  }
  return best ? best.at : null;
}

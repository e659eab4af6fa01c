export const mapsKey = process.env.MAPS_API_KEY ?? "";

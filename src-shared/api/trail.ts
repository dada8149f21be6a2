/** The trail namespace of the API map (filled in by the trail feature). */
export const trailApi = {};

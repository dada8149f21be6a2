/** The search namespace of the API map (filled in by the search feature). */
export const searchApi = {};

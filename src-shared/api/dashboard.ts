/** The dashboard namespace of the API map (filled in by the dashboard feature). */
export const dashboardApi = {};

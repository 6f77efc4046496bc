using Microsoft.AspNetCore.Routing;

namespace Jamforelse.IndicatorData.Endpoints;

public static class KeyFigureEndpoints
{
    public static RouteGroupBuilder MapKeyFigureEndpoints(this RouteGroupBuilder api) => api;

    public static RouteGroupBuilder MapAreaEndpoints(this RouteGroupBuilder api) => api;

    public static RouteGroupBuilder MapObservationEndpoints(this RouteGroupBuilder api) => api;

    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder api) => api;
}

namespace EnvOrchestrator.Hosting.Hosting;

/// <summary>Liveness for load balancers and the Functions host's warm-up.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/health", (TimeProvider time) => TypedResults.Ok(new HealthResponse("Healthy", time.GetUtcNow())))
            .WithName("Health")
            .WithTags("Service")
            .WithSummary("Liveness");
        return endpoints;
    }

    internal sealed record HealthResponse(string Status, DateTimeOffset Time);
}

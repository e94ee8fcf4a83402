using EnvOrchestrator.Hosting.Composition;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Functions.Http;

/// <summary>
/// The self-hosted service's request pipeline (<see cref="ServiceComposition.UseEnvOrchestratorService"/>), built once
/// on the worker's services and run by the one HTTP function: the same routes, bodies, status codes and problem details.
/// </summary>
internal sealed class ApplicationPipeline(IServiceProvider services)
{
    private readonly Lazy<RequestDelegate> _pipeline = new(() =>
    {
        var app = new ApplicationBuilder(services);
        app.UseEnvOrchestratorService();
        return app.Build();
    });

    public Task RunAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The worker matched its function already; the application's routing must match the request afresh.
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        return _pipeline.Value(context);
    }
}

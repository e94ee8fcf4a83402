using EnvOrchestrator.Hosting.Composition;
using EnvOrchestrator.Hosting.Hosting;

namespace EnvOrchestrator.Hosting;

/// <summary>Builds the service; Program runs it, tests start it on a loopback port.</summary>
public static class ServiceApplication
{
    /// <param name="args">Command-line arguments (configuration keys as <c>--Section:Key=value</c>).</param>
    /// <param name="configure">Last changes before the build, e.g. a test's log provider.</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Hosting first: its emulator service must start Azurite before anything else touches storage.
        builder.AddServiceHosting();
        builder.Services.AddEnvOrchestratorService(builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseEnvOrchestratorService();
        return app;
    }
}

using EnvOrchestrator.Functions.Composition;
using EnvOrchestrator.Functions.Hosting;

namespace EnvOrchestrator.Functions;

/// <summary>Builds the service; Program runs it, tests start it on a loopback port.</summary>
internal static class ServiceApplication
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Hosting first: its emulator service must start Azurite before anything else touches storage.
        builder.AddServiceHosting();
        builder.Services.AddEnvOrchestratorService(builder.Configuration);
        var app = builder.Build();
        app.UseServiceHosting();
        app.MapEnvOrchestratorService();
        return app;
    }
}

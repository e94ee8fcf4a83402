using EnvOrchestrator.Functions.Hosting;

namespace EnvOrchestrator.Functions;

/// <summary>Builds the service; Program runs it, tests start it on a loopback port.</summary>
internal static class ServiceApplication
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceHosting();
        var app = builder.Build();
        app.UseServiceHosting();
        return app;
    }
}

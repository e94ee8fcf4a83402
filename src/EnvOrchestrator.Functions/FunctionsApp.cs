using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

namespace EnvOrchestrator.Functions;

/// <summary>Builds the worker as Program runs it; tests build the very same host (without starting it: no Functions host here).</summary>
internal static class FunctionsApp
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();

        // Also registered by the extension's generated start-up; explicit so a host built outside the entry point has it.
        builder.ConfigureDurableExtension();
        builder.Services.AddEnvOrchestratorFunctions(builder.Configuration);
        return builder;
    }
}

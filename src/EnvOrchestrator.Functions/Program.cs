using EnvOrchestrator.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddEnvOrchestratorFunctions(builder.Configuration);
builder.Build().Run();

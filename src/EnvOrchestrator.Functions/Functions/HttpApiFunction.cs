using EnvOrchestrator.Functions.Durable;
using EnvOrchestrator.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Functions.Functions;

/// <summary>
/// Every HTTP route of the service — API, state backend, portal, OpenAPI, MCP — through one function that hands the
/// request to the application's own pipeline (host.json sets no route prefix, so paths are the self-hosted ones).
/// Anonymous at the host: the application authenticates every caller itself (API keys, Entra ID, state tokens).
/// </summary>
public static class HttpApiFunction
{
    public const string Name = "HttpApi";

    [Function(Name)]
    public static async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = "{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        FunctionContext function)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(function);
        var services = function.InstanceServices;
        services.GetRequiredService<HostDurableClientBinding>().Bind(client);
        await services.GetRequiredService<ApplicationPipeline>().RunAsync(request.HttpContext);

        // The pipeline wrote the response.
        return new EmptyResult();
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Mcp;

public static class EnvOrchestratorMcpEndpointRouteBuilderExtensions
{
    /// <summary>The MCP endpoint's path: agents connect to <c>http://host:port/mcp</c>.</summary>
    public const string Path = "/mcp";

    /// <summary>
    /// Maps the MCP server (streamable HTTP) at <see cref="Path"/>. It is not part of the REST contract, so it is kept
    /// out of the OpenAPI document.
    /// </summary>
    public static IEndpointConventionBuilder MapEnvOrchestratorMcp(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapMcp(Path).ExcludeFromDescription();
    }
}

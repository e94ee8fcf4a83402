using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.AspNetCore;

namespace EnvOrchestrator.Mcp;

public static class EnvOrchestratorMcpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the MCP server (streamable HTTP) and its environment tools. The tools call the lifecycle
    /// (<c>AddEnvironmentLifecycle</c>) under the identity and access seam of the API (<c>AddEnvOrchestratorApi</c>);
    /// the endpoint is served once the host calls <see cref="EnvOrchestratorMcpEndpointRouteBuilderExtensions.MapEnvOrchestratorMcp"/>.
    /// </summary>
    public static IServiceCollection AddEnvOrchestratorMcp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpContextAccessor();
        services.TryAddSingleton<ProjectAccess>();
        services.TryAddSingleton<McpAccess>();
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "envorch", Version = typeof(McpJson).Assembly.GetName().Version?.ToString() ?? "0.0.0" })

            // Stateless: every request carries its own X-EnvOrch-User and may land on any instance of the service
            // (two hosts behind one application, or the Functions host), so no session affinity is needed.
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<TemplateTools>(McpJson.Options)
            .WithTools<EnvironmentTools>(McpJson.Options);
        return services;
    }
}

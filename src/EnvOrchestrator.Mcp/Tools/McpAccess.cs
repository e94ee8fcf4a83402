using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Mcp.Tools;

/// <summary>
/// The HTTP API's <see cref="ProjectAccess"/> gate for tool calls: each tool call is its own HTTP request (stateless
/// streamable HTTP), so its headers are the caller's now. Refusals reach the agent as the API's problem details do.
/// </summary>
internal sealed class McpAccess(IHttpContextAccessor contexts, ProjectAccess gate)
{
    public async Task<(RequestIdentity? Identity, LifecycleProblem? Problem)> CheckAsync(string project, ProjectAction action, CancellationToken cancellationToken) =>
        await gate.CheckAsync(Request(), project, action, cancellationToken).ConfigureAwait(false);

    /// <summary>For a tool that names an environment: a caller with no role in the project is told it does not exist, as the API tells it.</summary>
    public async Task<(RequestIdentity? Identity, LifecycleProblem? Problem)> CheckAsync(string project, string? environment, ProjectAction action, CancellationToken cancellationToken) =>
        await gate.CheckAsync(Request(), project, environment, action, cancellationToken).ConfigureAwait(false);

    /// <summary>The catalog is readable by any identified caller; with a project, by those who may read in it.</summary>
    public async Task<LifecycleProblem?> CheckCatalogAsync(string? project, CancellationToken cancellationToken) =>
        (await gate.CheckAsync(Request(), project, ProjectAction.Read, cancellationToken).ConfigureAwait(false)).Problem;

    private HttpContext Request() =>
        contexts.HttpContext ?? throw new InvalidOperationException("MCP tools are called over HTTP; there is no request to take the caller from.");
}

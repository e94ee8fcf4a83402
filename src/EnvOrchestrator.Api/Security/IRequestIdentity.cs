using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// Resolves the caller of a request. Every endpoint goes through it (and then <see cref="IProjectAccessPolicy"/>),
/// so authentication (Entra ID, GitHub OIDC tokens, API keys) plugs in here without touching the endpoints.
/// </summary>
public interface IRequestIdentity
{
    /// <summary>The caller, or null when the request carries no acceptable identity (answered 401).</summary>
    ValueTask<RequestIdentity?> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Api.Security;

/// <summary>
/// The service's caller resolution: an API key (<c>X-Api-Key: eok_…</c> or <c>Authorization: Bearer eok_…</c>), else
/// a bearer JWT (when <c>Security:Jwt</c> is configured), else — in development mode only — the development headers
/// (<see cref="HeaderRequestIdentity"/>). Credentials that are sent but not accepted are never passed over for a
/// weaker identity: the request is answered 401.
/// </summary>
public sealed class ServiceRequestIdentity(
    ApiKeyService keys, IOptions<SecurityOptions> options, HeaderRequestIdentity development) : IRequestIdentity
{
    public const string ApiKeyHeader = "X-Api-Key";

    public async ValueTask<RequestIdentity?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        var authorization = headers.Authorization.ToString();
        var apiKey = headers[ApiKeyHeader].ToString();
        if (apiKey.Length > 0)
        {
            return await keys.AuthenticateAsync(apiKey, cancellationToken).ConfigureAwait(false);
        }

        if (authorization.Length == 0)
        {
            return options.Value.IsDevelopment ? await development.ResolveAsync(context, cancellationToken).ConfigureAwait(false) : null;
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (token.StartsWith(ApiKeyTokens.Prefix, StringComparison.Ordinal) || !options.Value.Jwt.IsConfigured)
        {
            return await keys.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false);
        }

        var result = await context.AuthenticateAsync(JwtBearerSetup.Scheme).ConfigureAwait(false);
        return result.Succeeded ? JwtBearerSetup.Identity(result.Principal, options.Value.Jwt) : null;
    }
}

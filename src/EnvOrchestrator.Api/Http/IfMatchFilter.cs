using EnvOrchestrator.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// Refuses a change to an endpoint marked <see cref="IfMatchRequiredMetadata"/> that does not say which version it
/// is based on (428), so that a concurrent change is never overwritten blindly.
/// </summary>
internal sealed class IfMatchFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<IfMatchRequiredMetadata>() is not null && http.Request.Headers.IfMatch.ToString().Length == 0)
        {
            return Problems.Create(ProblemCodes.PreconditionRequired, "Send the environment's ETag in If-Match so a concurrent change is not overwritten.", "If-Match", "etag.required");
        }

        return await next(context).ConfigureAwait(false);
    }
}

/// <summary>The endpoint changes a versioned resource and needs <c>If-Match</c> (see <c>RequiresIfMatch</c>).</summary>
internal sealed record IfMatchRequiredMetadata;

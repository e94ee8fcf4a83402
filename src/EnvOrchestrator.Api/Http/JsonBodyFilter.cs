using EnvOrchestrator.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Api.Http;

/// <summary>
/// Reads the JSON body an endpoint declares (<see cref="ApiRequestBodyMetadata"/>, from <c>WithJsonBody</c>) through
/// <see cref="JsonBody"/> before the handler runs, answering its problem when the body is refused, and hands it on
/// (<see cref="ApiRequestContext.Body{T}"/>). An optional body is read only when one is sent.
/// </summary>
internal sealed class JsonBodyFilter(IOptions<EnvOrchestratorApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var declared = http.GetEndpoint()?.Metadata.GetMetadata<ApiRequestBodyMetadata>();
        if (declared is null || (declared.IsOptional && !HasBody(http.Request)))
        {
            return await next(context).ConfigureAwait(false);
        }

        var (body, problem) = await JsonBody.ReadAsync(http.Request, declared.Type, options.Value.MaxBodyBytes, declared.IsOptional, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        ApiRequestContext.SetBody(http, body);
        return await next(context).ConfigureAwait(false);
    }

    private static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
}

using System.Globalization;
using Azure;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.StateBackend.Http;

/// <summary>
/// Answers a storage failure with a short problem document instead of an unhandled 500: 503 with <c>Retry-After</c>
/// when it is transient (Terraform's http backend retries 5xx answers, honouring Retry-After on 503), 500 otherwise.
/// The detail and the log line are the concise message: status, storage error code, first line; no header dump.
/// </summary>
internal static class StorageFailureFilter
{
    /// <summary>Seconds Terraform is asked to wait before retrying a transient failure.</summary>
    public const int RetryAfterSeconds = 1;

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TerraformStateStorageException or RequestFailedException &&
            TerraformStateStorageException.From(ex, context.HttpContext.RequestAborted) is { } failure)
        {
            var http = context.HttpContext;
            var logger = http.RequestServices.GetRequiredService<TerraformStateBackend>().Logger;
            if (failure.IsTransient)
            {
                logger.StorageUnavailable(http.Request.Method, http.Request.Path, failure.Message);
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "State storage unavailable; retry later");
            }

            logger.StorageFailed(http.Request.Method, http.Request.Path, failure.Message);
            return TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status500InternalServerError, title: "State storage failed");
        }
    }
}

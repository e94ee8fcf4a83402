using System.Globalization;
using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary><c>/api/projects/{project}/audit</c>: the project's audit trail for a time range, oldest first, paged.</summary>
internal static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder audit)
    {
        audit.MapGet("/", ReadAsync)
            .WithName("ReadAuditTrail")
            .WithSummary("Read a project's audit trail")
            .WithDescription("Every call that asked for a change (who, on behalf of whom, what, the answer) and every status change of its environments, oldest first.")
            .RequiresAccess(ProjectAction.Read)
            .WithQueryParameter("from", "Start of the range, inclusive (ISO 8601, e.g. `2026-12-01T00:00:00Z`); default 7 days before `to`.")
            .WithQueryParameter("to", "End of the range, exclusive (ISO 8601); default now.")
            .WithPaging();
    }

    private static async Task<Results<Ok<AuditPageView>, ProblemHttpResult>> ReadAsync(
        string project, string? from, string? to, string? pageSize, string? continuationToken, AuditTrail trail, CancellationToken cancellationToken)
    {
        var (size, badSize) = QueryValues.PageSize(pageSize, ListEnvironmentsQuery.DefaultPageSize);
        if (badSize is not null)
        {
            return badSize;
        }

        var (start, badStart) = Instant(from, "from");
        var (end, badEnd) = Instant(to, "to");
        if ((badStart ?? badEnd) is { } bad)
        {
            return bad;
        }

        var query = new AuditLogQuery(project) { From = start, To = end, PageSize = size!.Value, ContinuationToken = continuationToken };
        var result = await trail.ReadAsync(query, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Problem);
    }

    private static (DateTimeOffset? Value, ProblemHttpResult? Problem) Instant(string? text, string field) =>
        text is null ? (null, null)
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? (value, null)
        : (null, Problems.Create(ProblemCodes.InvalidRequest, $"'{text}' is not a point in time; use ISO 8601, e.g. 2026-12-01T00:00:00Z.", field, "query.timestamp"));
}

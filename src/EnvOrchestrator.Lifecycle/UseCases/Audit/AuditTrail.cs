using EnvOrchestrator.Core.Audit;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Audit;

/// <summary>
/// The project's audit trail for callers of the lifecycle: what transports record of the calls they answer (the
/// lifecycle's own transitions are recorded by the run ledger) and the query by time range.
/// </summary>
public sealed class AuditTrail(IAuditLog log, TimeProvider time)
{
    /// <summary>How far back a query without <c>from</c> reads.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <summary>Records a call that asked for a change, with the answer it got.</summary>
    public Task RecordCallAsync(AuditedCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return log.AppendAsync(
            new AuditEntry(call.Project, time.GetUtcNow(), call.Actor, call.OnBehalfOf, call.Action, call.Target, call.Outcome, call.Detail),
            cancellationToken);
    }

    /// <summary>A page of the project's entries, oldest first.</summary>
    public async Task<LifecycleResult<AuditPageView>> ReadAsync(AuditLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (ProjectName.Validate(query.Project) is { } invalid)
        {
            return Problem<AuditPageView>(ProblemCodes.InvalidRequest, invalid, "project", "name.invalid");
        }

        if (query.PageSize is < 1 or > ListEnvironmentsQuery.MaxPageSize)
        {
            return Problem<AuditPageView>(ProblemCodes.InvalidRequest, $"The page size must be 1–{ListEnvironmentsQuery.MaxPageSize}.", "pageSize", "paging.page-size");
        }

        var to = query.To ?? time.GetUtcNow().AddMinutes(1);
        var from = query.From ?? to - DefaultWindow;
        if (from >= to)
        {
            return Problem<AuditPageView>(ProblemCodes.InvalidRequest, $"'from' ({from:O}) must be before 'to' ({to:O}).", "from", "audit.range");
        }

        AuditCursor? after = null;
        if (query.ContinuationToken is not null && (after = AuditCursor.Parse(query.ContinuationToken)) is null)
        {
            return Problem<AuditPageView>(
                ProblemCodes.InvalidRequest, "The continuation token is not one this service issued; leave it out for the first page.", "continuationToken", "paging.continuation-token");
        }

        var page = await log.QueryAsync(new AuditQuery(query.Project, from, to, query.PageSize, after), cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(new AuditPageView(
            [.. page.Entries.Select(e => new AuditEntryView(e.At, e.Actor, e.OnBehalfOf, e.Action, e.Target, e.Outcome, e.Detail))],
            page.Next?.ToString()));
    }
}

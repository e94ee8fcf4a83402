using System.Collections.Concurrent;
using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Quotas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>
/// Environment quotas per project and per user, enforced across service instances (ADR 0011). A create takes a slot in
/// its project's <see cref="ProjectQuotaRecord"/> with one optimistic write before its environment is stored: of
/// creates racing for the last slot the first write wins and the others re-read a full record. Slots are given back
/// lazily: when a create finds the quota full, claims older than <see cref="EnvironmentLifecycleOptions.QuotaClaimGrace"/>
/// whose environment is destroyed or was never stored (a create that died between the two writes) are dropped, and the
/// quota checked again. No write frees a slot, so no crash can lose one.
/// </summary>
internal sealed class EnvironmentQuotas(
    IProjectQuotaStore store,
    IEnvironmentStore environments,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<EnvironmentQuotas> logger)
{
    // Every conflict means another writer succeeded, so creates make progress without a back-off; this bounds a storm.
    private const int MaxAttempts = 30;
    private const int VerifyParallelism = 8;

    /// <summary>
    /// Takes a quota slot for <paramref name="id"/>, created by <paramref name="owner"/>, or the refusal when the
    /// project or the owner holds all the quota allows. A name that holds a slot already keeps it: a re-create of a
    /// destroyed environment takes it over (counted against its new owner), a create that will find the name held by
    /// a live environment leaves it to that environment's creator. Nothing is written without a quota.
    /// </summary>
    public async Task<LifecycleProblem?> ClaimAsync(EnvironmentId id, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return QuotaLimits.For(id.Project.Value, options.Value).Any
            ? (await ClaimFencedAsync(id, owner, spend: null, decide: null, cancellationToken).ConfigureAwait(false)).Problem
            : null;
    }

    /// <summary>
    /// Admission under project-wide rules (a monthly budget, an environment count) fenced by the project's record, so
    /// that racing creates cannot all fit the last of a budget: <paramref name="decide"/> reads the project after the
    /// record was read, given the claims of creates admitted but perhaps not stored yet (they carry their
    /// <see cref="ClaimedSpend"/>), and this create's claim, with <paramref name="spend"/>, is written only if the
    /// record is still the one read; a create that wrote first makes this one read and decide again. Quota slots are
    /// taken in the same write. Without a quota the record holds only such pending claims: those
    /// <paramref name="decide"/> found stored, and those past the grace (their create died), are dropped.
    /// </summary>
    /// <param name="decide">Null for a quota alone: then nothing is written without a quota.</param>
    /// <returns>Whether <paramref name="decide"/> admitted the create, or why the quota refused it.</returns>
    public async Task<(bool Admitted, LifecycleProblem? Problem)> ClaimFencedAsync(
        EnvironmentId id, string owner, ClaimedSpend? spend, Func<ImmutableArray<QuotaClaim>, CancellationToken, Task<FencedDecision>>? decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(owner);
        var limits = QuotaLimits.For(id.Project.Value, options.Value);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var read = await store.FindAsync(id.Project, cancellationToken).ConfigureAwait(false)
                ?? (limits.Any ? await SeedAsync(id.Project, cancellationToken).ConfigureAwait(false) : new ProjectQuotaRecord { Project = id.Project });
            var decision = decide is null
                ? FencedDecision.QuotaOnly
                : await decide([.. read.Claims.Where(c => c.Spend is not null && c.Name != id.Name)], cancellationToken).ConfigureAwait(false);
            if (!decision.Admitted)
            {
                return (false, null);
            }

            // The create will find the name held by a live environment and fail: its slot and owner stay as they are.
            if (read.Find(id.Name) is not null && await IsLiveAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return (true, null);
            }

            var now = time.GetUtcNow();
            var next = limits.Any
                ? read with { Claims = [.. read.Claims.Select(c => decision.Stored.Contains(c.Name) ? c with { Spend = null } : c)] }
                : read with { Claims = read.Claims.RemoveAll(c => decision.Stored.Contains(c.Name) || now - c.ClaimedAt >= options.Value.QuotaClaimGrace) };
            if (limits.Any && Refusal(next, id, owner, limits) is not null)
            {
                next = await DropStaleAsync(next, id.Name, now, cancellationToken).ConfigureAwait(false);
                if (Refusal(next, id, owner, limits) is { } refusal)
                {
                    // Claims found stale are forgotten now, so the next create does not verify them again.
                    if (next.Claims.Length != read.Claims.Length)
                    {
                        await WriteAsync(next, read.Version, cancellationToken).ConfigureAwait(false);
                    }

                    logger.QuotaRefused(id.ToString(), refusal.Rule!);
                    return (false, refusal);
                }
            }

            // A claim taken again gets a fresh time, so the lazy release cannot drop it while its environment is stored.
            if (await WriteAsync(next.With(new QuotaClaim(id.Name, owner, now, spend)), read.Version, cancellationToken).ConfigureAwait(false))
            {
                return (true, null);
            }
        }

        logger.QuotaContended(id.Project.Value, MaxAttempts);
        return (false, new LifecycleProblem(
            ProblemCodes.Conflict, $"Too many environments of project '{id.Project.Value}' are being created at once; try again.", "name", "quota.busy"));
    }

    private async Task<bool> WriteAsync(ProjectQuotaRecord record, string? version, CancellationToken cancellationToken)
    {
        var written = version is null
            ? await store.CreateAsync(record, cancellationToken).ConfigureAwait(false)
            : await store.SaveAsync(record, version, cancellationToken).ConfigureAwait(false);
        return written.Succeeded;
    }

    // The first record of a project counts what it holds already (created before the quota existed), so it never
    // starts low; it is stored by the claim that follows, and a concurrent seed loses to the first one stored.
    private async Task<ProjectQuotaRecord> SeedAsync(ProjectName project, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claims = new List<QuotaClaim>();
        string? token = null;
        do
        {
            var page = await environments.ListAsync(project, EnvironmentFilter.None, Paging.MaxPageSize, token, cancellationToken).ConfigureAwait(false);
            claims.AddRange(page.Items.Where(e => e.Status != EnvironmentStatus.Destroyed).Select(e => new QuotaClaim(e.Id.Name, e.CreatedBy, now)));
            token = page.ContinuationToken;
        }
        while (token is not null);
        return new ProjectQuotaRecord { Project = project, Claims = [.. claims] };
    }

    private async Task<bool> IsLiveAsync(EnvironmentId id, CancellationToken cancellationToken) =>
        await environments.FindAsync(id, cancellationToken).ConfigureAwait(false) is { Status: not EnvironmentStatus.Destroyed };

    private async Task<ProjectQuotaRecord> DropStaleAsync(ProjectQuotaRecord record, EnvironmentName claiming, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A younger claim may belong to a create that has not stored its environment yet; the name being claimed keeps its slot.
        var grace = options.Value.QuotaClaimGrace;
        var candidates = record.Claims.Where(c => c.Name != claiming && now - c.ClaimedAt >= grace).ToList();
        var stale = new ConcurrentBag<EnvironmentName>();
        await Parallel.ForEachAsync(
            candidates,
            new ParallelOptions { MaxDegreeOfParallelism = VerifyParallelism, CancellationToken = cancellationToken },
            async (claim, token) =>
            {
                var environment = await environments.FindAsync(new EnvironmentId(record.Project, claim.Name), token).ConfigureAwait(false);
                if (environment is null || environment.Status == EnvironmentStatus.Destroyed)
                {
                    stale.Add(claim.Name);
                }
            }).ConfigureAwait(false);
        if (stale.IsEmpty)
        {
            return record;
        }

        logger.StaleQuotaClaimsDropped(record.Project.Value, stale.Count);
        return record.Without([.. stale]);
    }

    private static LifecycleProblem? Refusal(ProjectQuotaRecord record, EnvironmentId id, string owner, QuotaLimits limits)
    {
        var project = id.Project.Value;
        var held = record.Find(id.Name);
        if (held is null && limits.PerProject is { } perProject && record.Claims.Length >= perProject.Value)
        {
            return new LifecycleProblem(
                ProblemCodes.RuleViolated,
                $"Project '{project}' may hold at most {perProject.Value} environments that are not destroyed, set by {perProject.Source}; it holds {record.Claims.Length}. Destroy one first.",
                "name",
                "quota.project-environments");
        }

        if (!string.Equals(held?.Owner, owner, StringComparison.Ordinal) && limits.PerUser is { } perUser && record.CountOwnedBy(owner) is var owned && owned >= perUser.Value)
        {
            return new LifecycleProblem(
                ProblemCodes.RuleViolated,
                $"'{owner}' may hold at most {perUser.Value} environments that are not destroyed in project '{project}', set by {perUser.Source}; they hold {owned}. Destroy one first.",
                "name",
                "quota.user-environments");
        }

        return null;
    }
}

/// <summary>What a fenced admission decided on the project as read.</summary>
/// <param name="Stored">Names of pending claims whose environment the decision found stored (and counted from there).</param>
internal sealed record FencedDecision(bool Admitted, IReadOnlySet<EnvironmentName> Stored)
{
    /// <summary>No project-wide rule to decide: only the quota.</summary>
    public static FencedDecision QuotaOnly { get; } = new(true, new HashSet<EnvironmentName>());
}

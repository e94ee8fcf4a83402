using System.Collections.Concurrent;
using EnvOrchestrator.Core.Audit;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;

namespace EnvOrchestrator.Lifecycle.Ledger;

/// <summary>
/// The only code that changes environment and run records, one verb per thing that happens to a run: take it, begin
/// it, begin a step, move a resource, finish a step, amend the run, end it (or release it), extend the lifetime.
/// <para>
/// Every change is a read-modify-write under optimistic concurrency. The ledger remembers the last version of each
/// record it read or wrote, and the next change starts from it instead of reading again: one request per change
/// where there used to be two. A version conflict (a parallel sibling step, another instance of the service) reads
/// again and re-applies the change. A change that decides to write nothing, or is refused by a rule, is only trusted
/// on a fresh read, so a stale memory never turns into a wrong "nothing to do".
/// </para>
/// <para>
/// Each change of an environment's status is appended to the audit log after it is saved (a crash in between loses
/// that one entry, never the change; the API's own entry of the request that caused it is written separately).
/// </para>
/// </summary>
internal sealed class RunLedger(IEnvironmentStore environments, IRunStore runs, IAuditLog audit)
{
    private const int MaxAttempts = 20;

    // Bounded: beyond this many remembered records the memory starts over (each change then reads once again).
    private const int MaxRemembered = 2_000;

    private readonly ConcurrentDictionary<EnvironmentId, EnvironmentRecord> _environments = new();
    private readonly ConcurrentDictionary<(EnvironmentId, RunId), RunRecord> _runs = new();

    /// <summary>The stored environment, read now (decisions are made on fresh reads).</summary>
    public async Task<EnvironmentRecord?> ReadEnvironmentAsync(EnvironmentId id, CancellationToken cancellationToken) =>
        Remember(id, await environments.FindAsync(id, cancellationToken).ConfigureAwait(false));

    /// <summary>The stored run, read now.</summary>
    public async Task<RunRecord?> ReadRunAsync(EnvironmentId id, RunId run, CancellationToken cancellationToken) =>
        Remember(id, run, await runs.FindAsync(id, run, cancellationToken).ConfigureAwait(false));

    /// <summary>A new environment record (a create, or a name taken again after a destroy).</summary>
    public async Task<StoreResult<EnvironmentRecord>> CreateEnvironmentAsync(EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        var created = await environments.CreateAsync(environment, cancellationToken).ConfigureAwait(false);
        Remember(environment.Id, created.Value);
        if (created.Value is { } stored)
        {
            await AuditAsync(null, stored, cancellationToken).ConfigureAwait(false);
        }

        return created;
    }

    /// <summary>Replaces a destroyed environment by a new one of the same name, if it is still the version read.</summary>
    public async Task<StoreResult<EnvironmentRecord>> ReplaceEnvironmentAsync(EnvironmentRecord environment, string expectedVersion, CancellationToken cancellationToken)
    {
        var replaced = await environments.SaveAsync(environment, expectedVersion, cancellationToken).ConfigureAwait(false);
        Forget(environment.Id);
        Remember(environment.Id, replaced.Value);
        if (replaced.Value is { } stored)
        {
            await AuditAsync(null, stored, cancellationToken).ConfigureAwait(false);
        }

        return replaced;
    }

    /// <summary>The environment names a new run (<paramref name="take"/> checks it is free and moves its status).</summary>
    public Task<DomainResult<EnvironmentRecord>> TakeRunAsync(EnvironmentId id, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>> take, CancellationToken cancellationToken) =>
        ChangeEnvironmentAsync(id, take, cancellationToken);

    /// <summary>The record of a run just taken.</summary>
    public async Task<StoreResult<RunRecord>> OpenRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var created = await runs.CreateAsync(run, cancellationToken).ConfigureAwait(false);
        Remember(run.Environment, run.Id, created.Value);
        return created;
    }

    /// <summary>The run's orchestration began: the run is Running, the environment takes its working status.</summary>
    public async Task<DomainResult<EnvironmentRecord>> BeginRunAsync(
        EnvironmentId id, RunId run, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> environmentChange, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ChangeRunAsync(id, run, r => r with { Status = RunStatus.Running, StartedAt = r.StartedAt ?? now }, cancellationToken).ConfigureAwait(false);
        return await ChangeEnvironmentAsync(id, environmentChange, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A step begins: recorded on the run, then its resource moves (<paramref name="resourceChange"/>).</summary>
    public async Task<DomainResult<EnvironmentRecord>> BeginStepAsync(
        EnvironmentId id, RunId run, RunStep step, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> resourceChange, CancellationToken cancellationToken)
    {
        await RecordStepAsync(id, run, step, cancellationToken).ConfigureAwait(false);
        return await MoveResourceAsync(id, resourceChange, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A resource changes status or data in the middle of a step.</summary>
    public Task<DomainResult<EnvironmentRecord>> MoveResourceAsync(
        EnvironmentId id, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> change, CancellationToken cancellationToken) =>
        ChangeEnvironmentAsync(id, change, cancellationToken);

    /// <summary>A step's record on the run, added or replaced (a step started, retried or closed).</summary>
    public Task<RunRecord?> RecordStepAsync(EnvironmentId id, RunId run, RunStep step, CancellationToken cancellationToken) =>
        ChangeRunAsync(id, run, r => r.WithStep(step), cancellationToken);

    /// <summary>A step ends: its resource moves (<paramref name="resourceChange"/>), then the step is closed on the run.</summary>
    public async Task<RunRecord?> FinishStepAsync(
        EnvironmentId id, RunId run, RunStep step, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> resourceChange, CancellationToken cancellationToken)
    {
        await MoveResourceAsync(id, resourceChange, cancellationToken).ConfigureAwait(false);
        return await RecordStepAsync(id, run, step, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Policy results found while the run works (plan rules, advice found when the run was admitted).</summary>
    public Task<RunRecord?> RecordPolicyResultsAsync(EnvironmentId id, RunId run, IEnumerable<PolicyResult> results, CancellationToken cancellationToken) =>
        ChangeRunAsync(id, run, r => r.WithPolicyResults(results), cancellationToken);

    /// <summary>Any other change of the run's own record (steps closed after an interruption or a cancel).</summary>
    public Task<RunRecord?> AmendRunAsync(EnvironmentId id, RunId run, Func<RunRecord, RunRecord> change, CancellationToken cancellationToken) =>
        ChangeRunAsync(id, run, change, cancellationToken);

    /// <summary>
    /// The run ends (completed by its orchestration, or released by the sweep): the environment settles
    /// (<paramref name="environmentChange"/>), then the run takes its outcome (<paramref name="runChange"/>).
    /// </summary>
    public async Task<DomainResult<EnvironmentRecord>> EndRunAsync(
        EnvironmentId id,
        RunId run,
        Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> environmentChange,
        Func<RunRecord, RunRecord> runChange,
        CancellationToken cancellationToken)
    {
        var settled = await ChangeEnvironmentAsync(id, environmentChange, cancellationToken).ConfigureAwait(false);
        await ChangeRunAsync(id, run, runChange, cancellationToken).ConfigureAwait(false);
        _runs.TryRemove((id, run), out _);
        return settled;
    }

    /// <summary>
    /// The sweep gives up a run whose orchestration is gone: the run fails first (<paramref name="runChange"/>; skipped
    /// when <paramref name="recorded"/> is false), then the environment lets go of it, so that a crash in between leaves
    /// the environment held and found again by the next sweep.
    /// </summary>
    public async Task<DomainResult<EnvironmentRecord>> ReleaseRunAsync(
        EnvironmentId id,
        RunId run,
        bool recorded,
        Func<RunRecord, RunRecord> runChange,
        Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> environmentChange,
        CancellationToken cancellationToken)
    {
        if (recorded)
        {
            await ChangeRunAsync(id, run, runChange, cancellationToken).ConfigureAwait(false);
        }

        _runs.TryRemove((id, run), out _);
        return await ChangeEnvironmentAsync(id, environmentChange, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A change of the environment outside any run (an approval's request, decision or time-out); null leaves it unchanged.</summary>
    public Task<DomainResult<EnvironmentRecord>> AmendEnvironmentAsync(EnvironmentId id, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> change, CancellationToken cancellationToken) =>
        ChangeEnvironmentAsync(id, change, cancellationToken);

    /// <summary>The environment's expiry moves (an extension).</summary>
    public Task<DomainResult<EnvironmentRecord>> ExtendAsync(EnvironmentId id, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> extend, CancellationToken cancellationToken) =>
        ChangeEnvironmentAsync(id, extend, cancellationToken);

    /// <summary>The environment is gone (purged): nothing of it is remembered.</summary>
    public void Forget(EnvironmentId id)
    {
        _environments.TryRemove(id, out _);
        foreach (var key in _runs.Keys.Where(k => k.Item1 == id))
        {
            _runs.TryRemove(key, out _);
        }
    }

    private Task AuditAsync(EnvironmentRecord? before, EnvironmentRecord after, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditEntry(
                after.Id.Project.Value,
                after.UpdatedAt,
                AuditEntry.System,
                null,
                "environment.status",
                after.Id.Name.Value,
                after.Status.ToString(),
                $"from {before?.Status.ToString() ?? "nothing"}" + (after.CurrentRunId is { } run ? $"; run {run.Value}" : string.Empty)),
            cancellationToken);

    private async Task<DomainResult<EnvironmentRecord>> ChangeEnvironmentAsync(
        EnvironmentId id, Func<EnvironmentRecord, DomainResult<EnvironmentRecord>?> change, CancellationToken cancellationToken)
    {
        _environments.TryGetValue(id, out var current);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var fresh = current is null;
            if (fresh)
            {
                current = await ReadEnvironmentAsync(id, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    return DomainResult.Failure<EnvironmentRecord>(DomainErrorCodes.EnvironmentNotFound, $"Project '{id.Project.Value}' has no environment named '{id.Name.Value}'.");
                }
            }

            var changed = change(current!);
            if (changed is null || !changed.Succeeded)
            {
                if (!fresh)
                {
                    current = null;
                    continue;
                }

                return changed ?? DomainResult.Success(current!);
            }

            var saved = await environments.SaveAsync(changed.Value!, current!.Version!, cancellationToken).ConfigureAwait(false);
            if (saved.Succeeded)
            {
                if (saved.Value!.Status != current!.Status)
                {
                    await AuditAsync(current, saved.Value, cancellationToken).ConfigureAwait(false);
                }

                return DomainResult.Success(Remember(id, saved.Value)!);
            }

            current = null;
        }

        throw new InvalidOperationException($"Environment {id} kept changing under {MaxAttempts} attempts to update it.");
    }

    private async Task<RunRecord?> ChangeRunAsync(EnvironmentId id, RunId run, Func<RunRecord, RunRecord> change, CancellationToken cancellationToken)
    {
        _runs.TryGetValue((id, run), out var current);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            current ??= await ReadRunAsync(id, run, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var saved = await runs.SaveAsync(change(current), current.Version!, cancellationToken).ConfigureAwait(false);
            if (saved.Succeeded)
            {
                return Remember(id, run, saved.Value);
            }

            current = null;
        }

        throw new InvalidOperationException($"Run {run} of {id} kept changing under {MaxAttempts} attempts to update it.");
    }

    private EnvironmentRecord? Remember(EnvironmentId id, EnvironmentRecord? record)
    {
        if (record is null)
        {
            _environments.TryRemove(id, out _);
            return null;
        }

        if (_environments.Count >= MaxRemembered)
        {
            _environments.Clear();
        }

        _environments[id] = record;
        return record;
    }

    private RunRecord? Remember(EnvironmentId id, RunId run, RunRecord? record)
    {
        if (record is null)
        {
            _runs.TryRemove((id, run), out _);
            return null;
        }

        if (_runs.Count >= MaxRemembered)
        {
            _runs.Clear();
        }

        _runs[(id, run)] = record;
        return record;
    }
}

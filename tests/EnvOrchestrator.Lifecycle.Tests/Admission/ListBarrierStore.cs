using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>
/// An environment store whose first <c>parties</c> project listings wait for one another after they read: every racing
/// create then sees the project as it was before any of them stored its environment, the widest window a check-then-act
/// admission can have. Later listings (retries) read at once.
/// </summary>
internal sealed class ListBarrierStore(IEnvironmentStore inner, int parties) : IEnvironmentStore
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public async Task<RecordPage<EnvironmentRecord>> ListAsync(ProjectName project, EnvironmentFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        // Read first, then wait: each racer holds what it read while the others read the same.
        var page = await inner.ListAsync(project, filter, pageSize, continuationToken, cancellationToken).ConfigureAwait(false);
        if (Interlocked.Increment(ref _arrived) <= parties)
        {
            if (_arrived >= parties)
            {
                _all.TrySetResult();
            }

            // Bounded: a create that never lists (refused earlier) must not hold the others for ever.
            await Task.WhenAny(_all.Task, Task.Delay(TimeSpan.FromSeconds(3), cancellationToken)).ConfigureAwait(false);
        }

        return page;
    }

    public Task<EnvironmentRecord?> FindAsync(EnvironmentId id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<StoreResult<EnvironmentRecord>> CreateAsync(EnvironmentRecord environment, CancellationToken cancellationToken) =>
        inner.CreateAsync(environment, cancellationToken);

    public Task<StoreResult<EnvironmentRecord>> SaveAsync(EnvironmentRecord environment, string expectedVersion, CancellationToken cancellationToken) =>
        inner.SaveAsync(environment, expectedVersion, cancellationToken);

    public Task<StoreOutcome> DeleteAsync(EnvironmentId id, string? expectedVersion, CancellationToken cancellationToken) =>
        inner.DeleteAsync(id, expectedVersion, cancellationToken);

    public Task<RecordPage<EnvironmentId>> FindDestroyedAsync(DateTimeOffset destroyedBefore, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        inner.FindDestroyedAsync(destroyedBefore, pageSize, continuationToken, cancellationToken);

    public Task<RecordPage<EnvironmentRecord>> FindByTemplateAsync(string templateName, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        inner.FindByTemplateAsync(templateName, pageSize, continuationToken, cancellationToken);

    public Task<ImmutableArray<ExpiringEnvironment>> FindExpiringAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        inner.FindExpiringAsync(before, limit, cancellationToken);
}

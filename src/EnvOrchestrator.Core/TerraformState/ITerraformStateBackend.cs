namespace EnvOrchestrator.Core.TerraformState;

/// <summary>
/// The orchestrator's side of the Terraform state backend, as the lifecycle uses it: Terraform itself reads, writes and
/// locks a state over HTTP with the credentials issued here; the lifecycle registers the address before a run, releases
/// a lock a killed Terraform left behind, checks a state after a destroy and deletes it (Terraform never does).
/// A storage failure throws; the lifecycle does not tell it apart from other I/O failures.
/// </summary>
public interface ITerraformStateBackend
{
    /// <summary>Makes the address servable; until then every request for it is refused. Registering again changes nothing.</summary>
    Task RegisterAsync(TerraformStateAddress address, CancellationToken cancellationToken);

    /// <summary>Basic-auth credentials for this one address, valid until <paramref name="lifetime"/> has passed.</summary>
    TerraformStateCredentials IssueCredentials(TerraformStateAddress address, TimeSpan lifetime);

    /// <summary>
    /// Credentials for this one address and one run: refused once the run no longer works on its environment
    /// (<see cref="IStateRunGate"/>) or after <paramref name="lifetime"/>. A backend without runs issues address-only ones.
    /// </summary>
    TerraformStateCredentials IssueCredentials(TerraformStateAddress address, string runId, TimeSpan lifetime) => IssueCredentials(address, lifetime);

    /// <summary>The current state document (Terraform's JSON), or null when none was written or the address is unknown.</summary>
    Task<ReadOnlyMemory<byte>?> ReadStateAsync(TerraformStateAddress address, CancellationToken cancellationToken);

    /// <summary>The lock the address holds now, or null.</summary>
    Task<TerraformStateLockInfo?> GetLockAsync(TerraformStateAddress address, CancellationToken cancellationToken);

    /// <summary>
    /// Releases the lock <paramref name="lockId"/> if the address still holds that one, or whatever lock it holds when
    /// <paramref name="lockId"/> is null. <paramref name="reason"/> goes to the log. Returns the released lock, or null
    /// when there was none or another lock holds the state now.
    /// </summary>
    Task<TerraformStateLockInfo?> ReleaseLockAsync(TerraformStateAddress address, string? lockId, string reason, CancellationToken cancellationToken);

    /// <summary>Deletes the state, its versions, lock and registration. Returns false when the address was unknown.</summary>
    Task<bool> DeleteAsync(TerraformStateAddress address, CancellationToken cancellationToken);
}

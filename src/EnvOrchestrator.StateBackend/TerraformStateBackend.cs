using System.Text;
using System.Text.Json;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Security;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.StateBackend;

/// <summary>
/// The orchestrator's side of the state backend, and the lifecycle's <see cref="ITerraformStateBackend"/>: register
/// addresses before a run, issue their credentials, read state and outputs, release locks left by a killed run, and
/// delete state after a destroy (Terraform never deletes). The HTTP endpoints (<c>Http/</c>) serve Terraform from the
/// same store (<c>Storage/</c>); neither is part of the port.
/// </summary>
public sealed class TerraformStateBackend : ITerraformStateBackend
{
    /// <summary>The Basic-auth user name in issued credentials; only the password is checked.</summary>
    public const string Username = "terraform";

    private readonly IStateAccessTokens _tokens;
    private readonly IStateRunGate _runGate;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TerraformStateBackend> _logger;

    public TerraformStateBackend(
        ITerraformStateStore store,
        IOptions<TerraformStateBackendOptions> options,
        TimeProvider timeProvider,
        ILogger<TerraformStateBackend> logger,
        IDataProtectionProvider? dataProtection = null,
        IStateRunGate? runGate = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var signingKey = options.Value.SigningKey;
        if (!string.IsNullOrEmpty(signingKey) && signingKey.Length < 32)
        {
            throw new ArgumentException("The signing key must have at least 32 characters.", nameof(options));
        }

        if (string.IsNullOrEmpty(signingKey) && dataProtection is null)
        {
            throw new ArgumentException(
                "State access tokens need a key: set TerraformStateBackend:SigningKey or register Data Protection (the service's key ring).", nameof(options));
        }

        Store = store;
        Options = options.Value;
        _runGate = runGate ?? new OpenStateRunGate();
        _timeProvider = timeProvider;
        _logger = logger;
        // A configured key wins (operators who rotate it themselves); otherwise a generated key from the key ring, never
        // one derived from something an attacker may know, such as the storage connection string.
        _tokens = string.IsNullOrEmpty(signingKey)
            ? new DataProtectionStateAccessTokens(dataProtection!, timeProvider)
            : new StateAccessTokens(Encoding.UTF8.GetBytes(signingKey), timeProvider);
    }

    // Internal: the HTTP endpoints go through it; everything outside the project uses the port's operations, and tests
    // that need the store itself (to lock or write as Terraform would) resolve ITerraformStateStore.
    internal ITerraformStateStore Store { get; }

    public TerraformStateBackendOptions Options { get; }

    /// <summary>Makes the address servable; until then every request for it gets 404.</summary>
    public async Task RegisterAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        if (await Store.RegisterAsync(address, cancellationToken).ConfigureAwait(false))
        {
            _logger.Registered(address);
        }
    }

    /// <summary>Credentials valid for this one address until <paramref name="lifetime"/> has passed.</summary>
    public TerraformStateCredentials IssueCredentials(TerraformStateAddress address, TimeSpan lifetime) => Issue(address, string.Empty, lifetime);

    /// <summary>Credentials for this one address and one run: refused once <see cref="IStateRunGate"/> says the run ended.</summary>
    public TerraformStateCredentials IssueCredentials(TerraformStateAddress address, string runId, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return Issue(address, runId, lifetime);
    }

    private TerraformStateCredentials Issue(TerraformStateAddress address, string run, TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var expiresAt = _timeProvider.GetUtcNow() + lifetime;
        return new TerraformStateCredentials(Username, _tokens.Issue(address, run, expiresAt), expiresAt);
    }

    /// <summary>
    /// Releases whatever lock the address holds, e.g. after the runner had to kill Terraform.
    /// Returns the released lock, or null when there was none.
    /// </summary>
    public Task<TerraformStateLockInfo?> ReleaseLockAsync(TerraformStateAddress address, string reason, CancellationToken cancellationToken) =>
        ReleaseLockAsync(address, lockId: null, reason, cancellationToken);

    /// <summary>
    /// Releases the lock <paramref name="lockId"/> if the address still holds that one (any lock when null).
    /// Returns the released lock, or null when there was none or another lock holds the state now.
    /// </summary>
    public async Task<TerraformStateLockInfo?> ReleaseLockAsync(TerraformStateAddress address, string? lockId, string reason, CancellationToken cancellationToken)
    {
        var attempt = await Store.UnlockAsync(address, lockId, cancellationToken).ConfigureAwait(false);
        if (attempt is { Outcome: UnlockOutcome.Released, Holder: { } holder })
        {
            _logger.LockForceReleased(address, holder.Id, reason);
            return ToInfo(holder);
        }

        return null;
    }

    /// <summary>The lock the address holds now, or null.</summary>
    public async Task<TerraformStateLockInfo?> GetLockAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        await Store.GetLockAsync(address, cancellationToken).ConfigureAwait(false) is { } held ? ToInfo(held) : null;

    /// <summary>Releases every lock acquired more than <paramref name="maxAge"/> ago.</summary>
    public async Task<IReadOnlyList<HeldStateLock>> ReleaseStaleLocksAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var cutoff = _timeProvider.GetUtcNow() - maxAge;
        var released = new List<HeldStateLock>();
        foreach (var held in await Store.ListLocksAsync(cancellationToken).ConfigureAwait(false))
        {
            // Only the lock that was seen as stale is released, not a fresh one taken since the listing.
            if (held.Lock.AcquiredAt < cutoff &&
                (await Store.UnlockAsync(held.Address, held.Lock.Id, cancellationToken).ConfigureAwait(false)).Outcome == UnlockOutcome.Released)
            {
                _logger.LockForceReleased(held.Address, held.Lock.Id, "stale");
                released.Add(held);
            }
        }

        return released;
    }

    /// <summary>The current state document, or null when none was written (or the address is unknown).</summary>
    public async Task<ReadOnlyMemory<byte>?> ReadStateAsync(TerraformStateAddress address, CancellationToken cancellationToken) =>
        (await Store.GetStateAsync(address, cancellationToken).ConfigureAwait(false))?.Content;

    /// <summary>The root-module outputs of the current state; null when there is no state.</summary>
    public async Task<IReadOnlyDictionary<string, TerraformStateOutput>?> GetOutputsAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        var state = await Store.GetStateAsync(address, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(state.Content);
        var outputs = new Dictionary<string, TerraformStateOutput>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("outputs", out var all) && all.ValueKind == JsonValueKind.Object)
        {
            foreach (var output in all.EnumerateObject())
            {
                var value = output.Value.TryGetProperty("value", out var v) ? v.Clone() : default;
                var type = output.Value.TryGetProperty("type", out var t) ? t.Clone() : default;
                var sensitive = output.Value.TryGetProperty("sensitive", out var s) && s.ValueKind == JsonValueKind.True;
                outputs[output.Name] = new TerraformStateOutput(value, type, sensitive);
            }
        }

        return outputs;
    }

    /// <summary>Deletes the state, its versions, lock and registration (after a successful destroy).</summary>
    public async Task<bool> DeleteAsync(TerraformStateAddress address, CancellationToken cancellationToken)
    {
        var deleted = await Store.DeleteAsync(address, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            _logger.Deleted(address);
        }

        return deleted;
    }

    // Whether the lock is orphaned is decided here, where the lock's server was recorded (StateServer), so the lifecycle
    // never parses it.
    private static TerraformStateLockInfo ToInfo(TerraformStateLock held) =>
        new(held.Id, held.AcquiredAt, StateServer.IsGoneFromThisMachine(held.Server));

    /// <summary>Whether the credentials open <paramref name="address"/> now (see <see cref="RefuseAsync"/>).</summary>
    internal async ValueTask<bool> IsAuthorizedAsync(TerraformStateAddress address, string? password, CancellationToken cancellationToken = default) =>
        await RefuseAsync(address, password, cancellationToken).ConfigureAwait(false) is null;

    /// <summary>Why the credentials open nothing (null when they open <paramref name="address"/>): bad or expired, or their run ended.</summary>
    internal async ValueTask<string?> RefuseAsync(TerraformStateAddress address, string? password, CancellationToken cancellationToken)
    {
        if (!_tokens.Validate(address, password, out var run))
        {
            return "The state credentials are not valid for this state, or have expired.";
        }

        return run.Length == 0 || await _runGate.IsActiveAsync(address, run, cancellationToken).ConfigureAwait(false)
            ? null
            : $"The state credentials were issued for run {run}, which no longer works on this environment.";
    }

    internal ILogger Logger => _logger;

    internal DateTimeOffset Now => _timeProvider.GetUtcNow();
}

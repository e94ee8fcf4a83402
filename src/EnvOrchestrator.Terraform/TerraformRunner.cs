using System.Diagnostics;
using System.Text.Json;
using EnvOrchestrator.Terraform.Execution;
using EnvOrchestrator.Terraform.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Terraform;

/// <summary>
/// Runs Terraform commands for one module and state address per call, at most
/// <see cref="TerraformRunnerOptions.MaxConcurrentRuns"/> runs at once in this process. Register it as a singleton.
/// </summary>
public sealed class TerraformRunner : ITerraformRunner, IDisposable
{
    private readonly TerraformRunnerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TerraformRunner> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly HttpClient _stateClient;
    private readonly string _workRoot;
    private readonly InitCache? _initCache;
    private readonly Lazy<bool> _parentDeathSignal;

    // A directory without owner record younger than this may be one another service process is creating right now.
    private static readonly TimeSpan UnownedDirectoryAge = TimeSpan.FromMinutes(10);

    public TerraformRunner(IOptions<TerraformRunnerOptions> options, TimeProvider timeProvider, ILogger<TerraformRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Value.MaxConcurrentRuns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Value.HttpRetryMax);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Value.HttpRetryWaitMax, options.Value.HttpRetryWaitMin);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Value.OrphanWaitTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Value.OrphanGracePeriod, TimeSpan.Zero);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrentRuns, _options.MaxConcurrentRuns);
        _stateClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(30) };
        _workRoot = _options.WorkRoot ?? Path.Combine(Path.GetTempPath(), "envorch-terraform");
        _initCache = _options.ReuseInit ? new InitCache(Path.Combine(_workRoot, ".init-cache")) : null;
        _parentDeathSignal = new Lazy<bool>(ProbeParentDeathSignal, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Task<TerraformRunResult> PlanAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken) =>
        RunAsync(TerraformOperation.Plan, request, sink, cancellationToken);

    public Task<TerraformRunResult> ApplyAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken) =>
        RunAsync(TerraformOperation.Apply, request, sink, cancellationToken);

    public Task<TerraformRunResult> DestroyAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken) =>
        RunAsync(TerraformOperation.Destroy, request, sink, cancellationToken);

    public Task<TerraformRunResult> OutputAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken) =>
        RunAsync(TerraformOperation.Output, request, sink, cancellationToken);

    /// <inheritdoc />
    public async Task<TerraformReclaimResult> ReclaimAsync(string runIdPrefix, TerraformHttpBackend backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var prefix = RunIdCharacters(runIdPrefix ?? string.Empty);
        if (prefix.Length == 0)
        {
            throw new ArgumentException("The run id prefix needs at least one letter, digit, '-' or '_'.", nameof(runIdPrefix));
        }

        var matching = RunDirectory.List(_workRoot).Where(d => BelongsTo(d.RunId, prefix)).ToList();
        var runs = await Task.WhenAll(matching.Select(d => ReclaimOneAsync(d, backend, cancellationToken))).ConfigureAwait(false);
        return new TerraformReclaimResult(runs.OfType<TerraformLeftoverRun>().ToList());
    }

    /// <inheritdoc />
    public async Task<TerraformReclaimResult> SweepAsync(CancellationToken cancellationToken)
    {
        var runs = new List<TerraformLeftoverRun>();
        foreach (var directory in RunDirectory.List(_workRoot))
        {
            if (directory.Owner is null && _timeProvider.GetUtcNow() - Directory.GetLastWriteTimeUtc(directory.Root) < UnownedDirectoryAge)
            {
                // Being created by another service process (the owner record comes first, but not atomically).
                continue;
            }

            if (await ReclaimOneAsync(directory, backend: null, cancellationToken).ConfigureAwait(false) is { Disposition: not TerraformLeftoverDisposition.InUse } run)
            {
                runs.Add(run);
            }
        }

        return new TerraformReclaimResult(runs);
    }

    public void Dispose()
    {
        _slots.Dispose();
        _stateClient.Dispose();
    }

    private async Task<TerraformRunResult> RunAsync(TerraformOperation operation, TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        var started = _timeProvider.GetTimestamp();
        var runId = SafeRunId(request.RunId);
        var redactor = new SecretRedactor();
        foreach (var input in request.Inputs.Values.Where(i => i.IsSensitive))
        {
            redactor.Add(input.Value);
        }

        redactor.Add(JsonSerializer.SerializeToElement(request.Backend.Password));
        foreach (var value in request.EnvironmentVariables.Values)
        {
            // Provider credentials arrive this way; a provider echoing one must not leak it into events.
            redactor.Add(JsonSerializer.SerializeToElement(value));
        }

        _logger.WaitingForSlot(runId, _options.MaxConcurrentRuns);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var failure = new TerraformFailure(
                TerraformFailureKind.Cancelled, "Cancelled while waiting for a Terraform slot", null, "none", null, IsTransient: false, StateMayBeLocked: false);
            return new TerraformRunResult(operation, failure, request.Inputs, new Dictionary<string, TerraformValue>(), null, null, [], _timeProvider.GetElapsedTime(started));
        }

        try
        {
            _logger.RunStarted(operation, runId, request.Backend.Address.AbsolutePath);
            RunDirectory directory;
            try
            {
                directory = await RunDirectory.CreateAsync(
                    _workRoot,
                    runId,
                    FullRunId(request.RunId, runId),
                    request,
                    _options.ProviderMirrorDirectory,
                    _timeProvider.GetUtcNow(),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var failure = new TerraformFailure(
                    TerraformFailureKind.Unexpected, "The run directory could not be prepared", ex.Message, "none", null, IsTransient: false, StateMayBeLocked: false);
                return Finish(operation, runId, started, new TerraformRunResult(
                    operation, failure, request.Inputs, new Dictionary<string, TerraformValue>(), null, null, [], _timeProvider.GetElapsedTime(started)));
            }

            TerraformRunResult result;
            try
            {
                using var session = new RunSession(request, runId, directory, sink, redactor, _options, _timeProvider, _logger, Services());
                var failure = await session.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
                result = session.ToResult(operation, failure, _timeProvider.GetElapsedTime(started));
            }
            finally
            {
                if (directory.HasUnsavedState)
                {
                    // The state Terraform could not save exists nowhere else: kept, without inputs, for ReclaimAsync.
                    directory.DeleteSecrets();
                    directory.Release();
                    _logger.UnsavedStateKept(runId, directory.Name);
                }
                else if (_options.KeepRunDirectories)
                {
                    directory.Release();
                }
                else if (!directory.Delete())
                {
                    _logger.RunDirectoryNotDeleted(runId);
                }
            }

            if (directory.HasUnsavedState)
            {
                // Terraform could not reach the backend to save the state, so not to release its lock either.
                result = result with { UnsavedState = true, Failure = result.Failure is { } f ? f with { StateMayBeLocked = true } : null };
            }

            return Finish(operation, runId, started, result);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// Reclaims one leftover directory: waits for (or stops) its Terraform, pushes the state Terraform could not save
    /// (only with a <paramref name="backend"/> for the same state address), then deletes it. Without a backend (the
    /// sweep) it neither waits nor pushes.
    /// </summary>
    private async Task<TerraformLeftoverRun> ReclaimOneAsync(RunDirectory directory, TerraformHttpBackend? backend, CancellationToken cancellationToken)
    {
        TerraformLeftoverRun Report(TerraformLeftoverDisposition disposition, bool awaited = false, bool killed = false, bool pushed = false, TerraformFailure? pushFailure = null)
        {
            var run = new TerraformLeftoverRun(directory.Name, directory.RunId, disposition, awaited, killed, pushed, pushFailure);
            if (disposition != TerraformLeftoverDisposition.InUse)
            {
                _logger.LeftoverReclaimed(directory.Name, directory.RunId, disposition, awaited, killed, pushed);
            }

            return run;
        }

        var owner = directory.Owner?.Service;
        if (directory.IsActive || (owner is { } service && service != ProcessIdentity.Current && service.IsAlive()))
        {
            return Report(TerraformLeftoverDisposition.InUse);
        }

        var awaited = false;
        var killed = false;
        var running = LeftoverProcesses.RunningTerraform(directory);
        if (running.Count > 0)
        {
            // Inputs and plan were read when the command started; the output logs are open but need no name.
            directory.DeleteSecrets();
            if (backend is null)
            {
                return Report(TerraformLeftoverDisposition.ProcessRunning);
            }

            // A Terraform stopped by the service's death saves its state through the backend retries: let it finish.
            awaited = await LeftoverProcesses.WaitForExitAsync(running, _options.OrphanWaitTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            if (!awaited)
            {
                _logger.LeftoverProcessStopping(directory.RunId, _options.OrphanWaitTimeout.TotalSeconds);
                if (LeftoverProcesses.Terminate(running))
                {
                    await LeftoverProcesses.WaitForExitAsync(running, _options.OrphanGracePeriod, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                killed = running.Any(p => p.Identity.IsAlive());
                if (!killed)
                {
                    awaited = true;
                }
            }
        }

        // Provisioner children an interrupted Terraform orphaned live on in its group, or outside it.
        await LeftoverProcesses.KillAllAsync(directory, running, _timeProvider, cancellationToken).ConfigureAwait(false);

        var pushed = false;
        if (directory.HasUnsavedState)
        {
            directory.DeleteSecrets();
            if (backend is null || !directory.IsFor(backend))
            {
                return Report(TerraformLeftoverDisposition.UnsavedStateKept, awaited, killed);
            }

            var pushFailure = await PushUnsavedStateAsync(directory, backend, cancellationToken).ConfigureAwait(false);
            if (pushFailure is not null)
            {
                _logger.UnsavedStatePushFailed(directory.RunId, pushFailure.Kind);
                return Report(TerraformLeftoverDisposition.UnsavedStateKept, awaited, killed, pushFailure: pushFailure);
            }

            pushed = true;
        }

        return Report(directory.Delete() ? TerraformLeftoverDisposition.Removed : TerraformLeftoverDisposition.RemoveFailed, awaited, killed, pushed);
    }

    private async Task<TerraformFailure?> PushUnsavedStateAsync(RunDirectory directory, TerraformHttpBackend backend, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var redactor = new SecretRedactor();
            redactor.Add(JsonSerializer.SerializeToElement(backend.Password));

            // No lock wait: the only holder left can be the dead run, whose lock the caller releases server-side.
            var request = new TerraformRunRequest(directory.ModuleDirectory, backend) { RunId = directory.RunId, LockTimeout = TimeSpan.Zero };
            using var session = new RunSession(request, directory.RunId, directory, NullTerraformEventSink.Instance, redactor, _options, _timeProvider, _logger, Services());
            return await session.PushErroredStateAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private RunSessionServices Services() =>
        new(_initCache, _initCache is null ? null : TerraformExecutable.Identity(_options.TerraformPath), _stateClient, _parentDeathSignal.Value);

    /// <summary>
    /// Whether setpriv can set the parent-death signal here (util-linux 2.33 or later, Linux): tried once per runner.
    /// </summary>
    private bool ProbeParentDeathSignal()
    {
        // The signal reaches Terraform through a shell that leads its process group: without the group, killing that
        // shell would leave Terraform running.
        if (!_options.UseParentDeathSignal || !_options.UseProcessGroup || !OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo(_options.SetprivPath, ["--pdeathsig", "TERM", "--", "true"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            if (probe.WaitForExit(TimeSpan.FromSeconds(10)) && probe.ExitCode == 0)
            {
                return true;
            }

            _logger.ParentDeathSignalUnavailable(_options.SetprivPath, "exit code " + (probe.HasExited ? probe.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none"));
            return false;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _logger.ParentDeathSignalUnavailable(_options.SetprivPath, ex.Message);
            return false;
        }
    }

    private TerraformRunResult Finish(TerraformOperation operation, string runId, long started, TerraformRunResult result)
    {
        var elapsed = _timeProvider.GetElapsedTime(started);
        if (result.Failure is { } failure)
        {
            _logger.RunFailed(operation, runId, failure.Command, failure.Kind, elapsed);
        }
        else
        {
            _logger.RunSucceeded(operation, runId, elapsed);
        }

        return result;
    }

    private static string SafeRunId(string? runId)
    {
        var safe = RunIdCharacters(runId ?? string.Empty);
        return safe.Length > 0 ? safe[..Math.Min(safe.Length, 64)] : Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>The run id in the owner record: not cut to the directory name's 64 characters, so prefixes match exactly.</summary>
    private static string FullRunId(string? requested, string safe) => RunIdCharacters(requested ?? string.Empty) is { Length: > 0 } full ? full : safe;

    private static string RunIdCharacters(string runId) => new(runId.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());

    /// <summary>The run itself, or a later attempt of it: "{prefix}-…" (a run id is "{run}-{resource}-{attempt}").</summary>
    private static bool BelongsTo(string runId, string prefix) =>
        runId == prefix || runId.StartsWith(prefix + "-", StringComparison.Ordinal) ||
        (runId.Length == 64 && (prefix + "-").StartsWith(runId, StringComparison.Ordinal));
}

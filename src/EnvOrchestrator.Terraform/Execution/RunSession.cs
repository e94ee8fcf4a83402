using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Terraform.Json;
using EnvOrchestrator.Terraform.Redaction;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>The Terraform commands of one run, in one prepared <see cref="RunDirectory"/>.</summary>
internal sealed class RunSession : IDisposable
{
    // show runs beside apply, so two commands may report at once; the sink sees one event at a time.
    private readonly SemaphoreSlim _sinkGate = new(1, 1);
    private readonly TerraformRunRequest _request;
    private readonly string _runId;
    private readonly RunDirectory _directory;
    private readonly ITerraformEventSink _sink;
    private readonly TerraformProcess _process;
    private readonly TerraformRunnerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SecretRedactor _redactor;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly RunSessionServices _services;
    private readonly List<TerraformCommandRecord> _commands = [];
    private IReadOnlySet<string> _sensitiveVariables = new HashSet<string>();
    private IReadOnlyDictionary<string, TerraformValue> _outputs = new Dictionary<string, TerraformValue>();
    private TerraformPlan? _plan;
    private TerraformChangeSummary? _changes;

    public RunSession(
        TerraformRunRequest request,
        string runId,
        RunDirectory directory,
        ITerraformEventSink sink,
        SecretRedactor redactor,
        TerraformRunnerOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        RunSessionServices services)
    {
        _services = services;
        _request = request;
        _runId = runId;
        _directory = directory;
        _sink = sink;
        _redactor = redactor;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _process = new TerraformProcess(options, timeProvider, services.ParentDeathSignal);
        _environment = BuildEnvironment(request, directory, options);
    }

    private string LockTimeoutArgument =>
        "-lock-timeout=" + ((long)Math.Ceiling((_request.LockTimeout ?? _options.LockTimeout).TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    public async Task<TerraformFailure?> ExecuteAsync(TerraformOperation operation, CancellationToken cancellationToken)
    {
        var failure = await PrepareAsync(cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        switch (operation)
        {
            case TerraformOperation.Plan:
                return await PlanAsync(cancellationToken).ConfigureAwait(false)
                    ?? await ShowAsync(cancellationToken).ConfigureAwait(false);
            case TerraformOperation.Apply when _request.ApprovePlan is null && !_request.InspectPlan:
                return await ApplyWithoutSavedPlanAsync(cancellationToken).ConfigureAwait(false)
                    ?? await OutputAsync(cancellationToken).ConfigureAwait(false);
            case TerraformOperation.Apply:
                return await PlanAsync(cancellationToken).ConfigureAwait(false)
                    ?? await ApplyAsync(cancellationToken).ConfigureAwait(false)
                    ?? await OutputAsync(cancellationToken).ConfigureAwait(false);
            case TerraformOperation.Destroy:
                return await DestroyAsync(cancellationToken).ConfigureAwait(false);
            default:
                return await OutputAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public TerraformRunResult ToResult(TerraformOperation operation, TerraformFailure? failure, TimeSpan elapsed)
    {
        // Variables the module declares sensitive are sensitive in what gets persisted, whatever the caller said.
        var inputs = _request.Inputs.ToDictionary(
            i => i.Key,
            i => _sensitiveVariables.Contains(i.Key) && !i.Value.IsSensitive ? i.Value with { IsSensitive = true } : i.Value,
            StringComparer.Ordinal);
        return new TerraformRunResult(operation, failure, inputs, _outputs, _plan, _changes, _commands.ToList(), elapsed);
    }

    /// <summary>
    /// <c>terraform state push errored.tfstate</c> in a leftover run directory, to the backend of the request. State push
    /// takes the state lock; Terraform refuses a state of another lineage or an older serial than the stored one.
    /// </summary>
    public async Task<TerraformFailure?> PushErroredStateAsync(CancellationToken cancellationToken)
    {
        var (failure, _) = await RunCapturedAsync(
            "state push", ["state", "push", LockTimeoutArgument, RunDirectory.ErroredStateFileName], cancellationToken).ConfigureAwait(false);
        return failure;
    }

    /// <summary>Restores what an earlier init of the same module left, or runs init and keeps what it leaves.</summary>
    private async Task<TerraformFailure?> PrepareAsync(CancellationToken cancellationToken)
    {
        var cache = _services.InitCache;
        var key = cache is not null && _services.TerraformIdentity is { } identity ? InitCache.KeyFor(_directory, identity) : null;
        if (key is not null && Restore(cache!, key))
        {
            _logger.InitReused(_runId, key);
            return null;
        }

        var failure = await RunJsonAsync("init", ["init", "-input=false", "-json"], gate: null, cancellationToken).ConfigureAwait(false);
        if (failure is null && key is not null)
        {
            try
            {
                cache!.Publish(key, _directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The cache is an optimisation: the next run inits again.
            }
        }

        return failure;
    }

    private bool Restore(InitCache cache, string key)
    {
        try
        {
            return cache.TryRestore(key, _directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Whatever was half copied goes: init starts from an empty data directory and the module's own lock file.
            _directory.ResetInit();
            return false;
        }
    }

    /// <summary>One <c>apply -auto-approve</c> that plans in the same process: the fastest apply when nobody reads the plan.</summary>
    private Task<TerraformFailure?> ApplyWithoutSavedPlanAsync(CancellationToken cancellationToken) => AutoApprovedAsync("apply", cancellationToken);

    private Task<TerraformFailure?> PlanAsync(CancellationToken cancellationToken) =>
        RunJsonAsync(
            "plan",
            ["plan", "-input=false", "-json", _request.LockState ? LockTimeoutArgument : "-lock=false", "-var-file=" + RunDirectory.InputsArgument, "-out=" + RunDirectory.PlanArgument],
            gate: null,
            cancellationToken);

    private Task<TerraformFailure?> DestroyAsync(CancellationToken cancellationToken) => AutoApprovedAsync("destroy", cancellationToken);

    private Task<TerraformFailure?> AutoApprovedAsync(string command, CancellationToken cancellationToken) =>
        RunJsonAsync(
            command,
            [command, "-input=false", "-json", "-auto-approve", LockTimeoutArgument, "-var-file=" + RunDirectory.InputsArgument],
            gate: null,
            cancellationToken);

    private async Task<TerraformFailure?> ApplyAsync(CancellationToken cancellationToken)
    {
        string[] arguments = ["apply", "-input=false", "-json", LockTimeoutArgument, RunDirectory.PlanArgument];
        if (_request.ApprovePlan is { } approve)
        {
            var showFailure = await ShowAsync(cancellationToken).ConfigureAwait(false);
            if (showFailure is not null)
            {
                return showFailure;
            }

            if (!await approve(_plan!, cancellationToken).ConfigureAwait(false))
            {
                return new TerraformFailure(TerraformFailureKind.PlanRejected, "The plan was rejected", null, "plan", 0, IsTransient: false, StateMayBeLocked: false);
            }

            return await RunJsonAsync("apply", arguments, gate: null, cancellationToken).ConfigureAwait(false);
        }

        // Inspecting the plan while apply starts saves a whole Terraform process of wall time. Apply's events wait for
        // it, because only the plan knows which values are sensitive and must be redacted.
        var planKnown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inspect = InspectPlanAsync(planKnown, cancellationToken);
        var failure = await RunJsonAsync("apply", arguments, planKnown.Task, cancellationToken).ConfigureAwait(false);
        await inspect.ConfigureAwait(false);
        return failure;
    }

    private async Task InspectPlanAsync(TaskCompletionSource planKnown, CancellationToken cancellationToken)
    {
        try
        {
            if (await ShowAsync(cancellationToken).ConfigureAwait(false) is { } failure)
            {
                _logger.PlanInspectionFailed(_runId, failure.Kind);
            }
        }
        finally
        {
            planKnown.TrySetResult();
        }
    }

    private async Task<TerraformFailure?> ShowAsync(CancellationToken cancellationToken)
    {
        var (failure, stdout) = await RunCapturedAsync("show", ["show", "-json", "-no-color", RunDirectory.PlanArgument], cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        try
        {
            (_plan, _sensitiveVariables) = PlanReader.Read(stdout, _redactor);
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return Unreadable("show", ex);
        }
    }

    private async Task<TerraformFailure?> OutputAsync(CancellationToken cancellationToken)
    {
        // The state the apply just wrote holds the outputs, sensitive ones included: reading it over the backend
        // protocol saves a Terraform process. `terraform output` stays the fallback for a backend that will not say.
        if (await StateOutputs.TryReadAsync(_services.StateClient, _request.Backend, _redactor, cancellationToken).ConfigureAwait(false) is { } fromState)
        {
            _outputs = fromState;
            return null;
        }

        var (failure, stdout) = await RunCapturedAsync("output", ["output", "-json", "-no-color"], cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        try
        {
            _outputs = OutputReader.Read(stdout, _redactor);
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Unreadable("output", ex);
        }
    }

    // The message says where parsing failed, never the document: it holds values in clear text.
    private static TerraformFailure Unreadable(string command, Exception exception) =>
        new(TerraformFailureKind.Unexpected, $"terraform {command} printed JSON this runner cannot read", exception.GetType().Name, command, 0, IsTransient: false, StateMayBeLocked: false);

    /// <summary>A command whose stdout is one JSON document (show, output): kept in memory, never streamed or logged.</summary>
    private async Task<(TerraformFailure? Failure, string Stdout)> RunCapturedAsync(string name, string[] arguments, CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var outcome = await RunProcessAsync(
            name,
            arguments,
            (line, _) =>
            {
                stdout.AppendLine(line);
                return Task.CompletedTask;
            },
            cancellationToken).ConfigureAwait(false);
        var failure = outcome.End != CommandEnd.Exited || outcome.ExitCode != 0
            ? FailureClassifier.Classify(name, outcome, [], resourceErrored: false, _redactor)
            : null;
        return (failure, stdout.ToString());
    }

    /// <summary>A command with Terraform's machine-readable UI: each line becomes an event as it is printed.</summary>
    private async Task<TerraformFailure?> RunJsonAsync(string name, string[] arguments, Task? gate, CancellationToken cancellationToken)
    {
        var errors = new List<DiagnosticEvent>();
        var resourceErrored = false;
        var outcome = await RunProcessAsync(
            name,
            arguments,
            async (line, token) =>
            {
                if (gate is not null)
                {
                    await gate.ConfigureAwait(false);
                }

                var parsed = UiLineParser.Parse(line, name, _timeProvider.GetUtcNow(), _redactor, out var uiVersion);
                if (uiVersion is not null && !UiLineParser.IsSupported(uiVersion))
                {
                    _logger.UnsupportedUiVersion(name, uiVersion, UiLineParser.SupportedUiMajorVersion);
                }

                switch (parsed)
                {
                    case DiagnosticEvent { Severity: "error" } error:
                        errors.Add(error);
                        break;
                    case ResourceErroredEvent:
                        resourceErrored = true;
                        break;
                    case ChangeSummaryEvent summary:
                        _changes = summary.Changes;
                        break;
                }

                await EmitAsync(parsed, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return outcome.End != CommandEnd.Exited || outcome.ExitCode != 0
            ? FailureClassifier.Classify(name, outcome, errors, resourceErrored, _redactor)
            : null;
    }

    private async Task<CommandOutcome> RunProcessAsync(
        string name, string[] arguments, Func<string, CancellationToken, Task> onLine, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled between two commands: do not start one only to interrupt it at once.
            return new CommandOutcome(CommandEnd.Cancelled, -1, 0, false, string.Empty, TimeSpan.Zero);
        }

        var spec = new CommandSpec(
            name,
            arguments,
            _directory.ModuleDirectory,
            _environment,
            _request.CommandTimeout ?? _options.CommandTimeout,
            _request.GracePeriod ?? _options.GracePeriod,
            OperatingSystem.IsWindows() ? null : _directory.NextOutputFiles(name.Replace(' ', '-')));
        var outcome = await _process.RunAsync(
            spec,
            onLine,
            (processId, token) =>
            {
                Record(processId, name);
                return EmitAsync(new CommandStartedEvent(processId) { Command = name, Timestamp = _timeProvider.GetUtcNow() }, token);
            },
            cancellationToken).ConfigureAwait(false);
        if (spec.OutputFiles is { } files && !_options.KeepRunDirectories)
        {
            // show and output print every value in clear text: gone as soon as it has been read.
            RunDirectory.DeleteFile(files.StandardOutput);
            RunDirectory.DeleteFile(files.StandardError);
        }

        if (outcome.End is CommandEnd.Cancelled or CommandEnd.TimedOut)
        {
            _logger.CommandStopped(name, _runId, outcome.End.ToString(), outcome.ForcedKill);
        }

        _logger.CommandFinished(name, _runId, outcome.ExitCode, outcome.Elapsed);
        lock (_commands)
        {
            _commands.Add(new TerraformCommandRecord(name, outcome.ExitCode, outcome.Elapsed));
        }

        await EmitAsync(new CommandFinishedEvent(outcome.ExitCode, outcome.Elapsed) { Command = name, Timestamp = _timeProvider.GetUtcNow() }, CancellationToken.None)
            .ConfigureAwait(false);
        return outcome;
    }

    public void Dispose() => _sinkGate.Dispose();

    private void Record(int processId, string command)
    {
        try
        {
            _directory.RecordProcess(processId, command, _process.ParentDeathSignal, _options.UseProcessGroup);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Recovery still finds the process by its environment marker.
            _logger.ProcessNotRecorded(command, _runId, ex.GetType().Name);
        }
    }

    private async ValueTask EmitAsync(TerraformEvent terraformEvent, CancellationToken cancellationToken)
    {
        await _sinkGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await _sink.WriteAsync(terraformEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A sink giving up on a cancelled run must not stop the runner from stopping Terraform properly.
        }
        catch (Exception ex)
        {
            // The sink is the caller's code: its failure must not leave Terraform running unobserved.
            _logger.SinkFailed(ex.GetType().Name);
        }
        finally
        {
            _sinkGate.Release();
        }
    }

    private static Dictionary<string, string?> BuildEnvironment(TerraformRunRequest request, RunDirectory directory, TerraformRunnerOptions options)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);

        // Inherited TF_* settings (TF_CLI_ARGS, TF_LOG, TF_WORKSPACE, TF_VAR_*, …) would change what runs: remove them.
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith("TF_", StringComparison.Ordinal))
            {
                environment[key] = null;
            }
        }

        foreach (var (key, value) in request.EnvironmentVariables)
        {
            environment[key] = value;
        }

        environment["TF_DATA_DIR"] = directory.DataDirectory;
        environment["TF_CLI_CONFIG_FILE"] = directory.CliConfigFile;
        environment["CHECKPOINT_DISABLE"] = "1";
        environment["TF_IN_AUTOMATION"] = "1";
        environment["TF_INPUT"] = "0";
        environment[RunDirectory.MarkerVariable] = directory.Root;

        // Long enough for a Terraform stopped by the death of this service to save its state once it is back.
        environment["TF_HTTP_RETRY_MAX"] = options.HttpRetryMax.ToString(CultureInfo.InvariantCulture);
        environment["TF_HTTP_RETRY_WAIT_MIN"] = WholeSeconds(options.HttpRetryWaitMin);
        environment["TF_HTTP_RETRY_WAIT_MAX"] = WholeSeconds(options.HttpRetryWaitMax);

        // Credentials through the environment only: -backend-config would write them under the data directory.
        var address = request.Backend.Address.AbsoluteUri;
        environment["TF_HTTP_ADDRESS"] = address;
        environment["TF_HTTP_LOCK_ADDRESS"] = address;
        environment["TF_HTTP_UNLOCK_ADDRESS"] = address;
        environment["TF_HTTP_USERNAME"] = request.Backend.Username;
        environment["TF_HTTP_PASSWORD"] = request.Backend.Password;
        return environment;
    }

    private static string WholeSeconds(TimeSpan value) => ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

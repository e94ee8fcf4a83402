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

    public TerraformRunner(IOptions<TerraformRunnerOptions> options, TimeProvider timeProvider, ILogger<TerraformRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Value.MaxConcurrentRuns, 1);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrentRuns, _options.MaxConcurrentRuns);
        _stateClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(30) };
        _workRoot = _options.WorkRoot ?? Path.Combine(Path.GetTempPath(), "envorch-terraform");
        _initCache = _options.ReuseInit ? new InitCache(Path.Combine(_workRoot, ".init-cache")) : null;
    }

    public Task<TerraformRunResult> PlanAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken) =>
        RunAsync(TerraformOperation.Plan, request, sink, cancellationToken);

    public Task<TerraformRunResult> ApplyAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken) =>
        RunAsync(TerraformOperation.Apply, request, sink, cancellationToken);

    public Task<TerraformRunResult> DestroyAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken) =>
        RunAsync(TerraformOperation.Destroy, request, sink, cancellationToken);

    public Task<TerraformRunResult> OutputAsync(TerraformRunRequest request, ITerraformEventSink sink, CancellationToken cancellationToken) =>
        RunAsync(TerraformOperation.Output, request, sink, cancellationToken);

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
                    request.ModuleDirectory,
                    request.Inputs,
                    _options.ProviderMirrorDirectory,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var failure = new TerraformFailure(
                    TerraformFailureKind.Unexpected, "The run directory could not be prepared", ex.Message, "none", null, IsTransient: false, StateMayBeLocked: false);
                return Finish(operation, runId, started, new TerraformRunResult(
                    operation, failure, request.Inputs, new Dictionary<string, TerraformValue>(), null, null, [], _timeProvider.GetElapsedTime(started)));
            }

            try
            {
                var services = new RunSessionServices(_initCache, _initCache is null ? null : TerraformExecutable.Identity(_options.TerraformPath), _stateClient);
                using var session = new RunSession(request, runId, directory, sink, redactor, _options, _timeProvider, _logger, services);
                var failure = await session.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
                return Finish(operation, runId, started, session.ToResult(operation, failure, _timeProvider.GetElapsedTime(started)));
            }
            finally
            {
                if (!_options.KeepRunDirectories)
                {
                    directory.Delete();
                }
            }
        }
        finally
        {
            _slots.Release();
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
        var safe = new string((runId ?? string.Empty).Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(64).ToArray());
        return safe.Length > 0 ? safe : Guid.NewGuid().ToString("N")[..12];
    }
}

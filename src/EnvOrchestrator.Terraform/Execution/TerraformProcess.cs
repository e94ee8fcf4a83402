using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CliWrap;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>
/// Runs one Terraform command in its own process group and streams its stdout line by line. Stopping (cancel or
/// timeout) sends one SIGINT to Terraform, waits the grace period, then SIGKILLs the group; leftover group members
/// (orphaned provisioner children) are killed whenever the command ends. With <see cref="CommandSpec.OutputFiles"/>
/// Terraform writes to files that are followed as they grow (see <see cref="TerraformCommandLine"/>), else to pipes.
/// </summary>
/// <param name="parentDeathSignal">Start through setpriv with the parent-death signal, from the <see cref="SpawnThread"/>.</param>
internal sealed class TerraformProcess(TerraformRunnerOptions options, TimeProvider timeProvider, bool parentDeathSignal)
{
    private const int MaxStandardErrorChars = 64 * 1024;

    // If the group kill did not close our pipes (a child moved to another group kept them open), stop waiting.
    private static readonly TimeSpan PipeDrainLimit = TimeSpan.FromSeconds(5);

    public bool ParentDeathSignal => parentDeathSignal;

    public async Task<CommandOutcome> RunAsync(
        CommandSpec spec,
        Func<string, CancellationToken, Task> onOutputLine,
        Func<int, CancellationToken, ValueTask> onStarted,
        CancellationToken cancellationToken)
    {
        using var activity = TerraformTelemetry.StartCommand(spec.Name);
        var outcome = await RunCoreAsync(spec, onOutputLine, onStarted, cancellationToken).ConfigureAwait(false);
        var result = outcome.End switch
        {
            CommandEnd.Exited => outcome.ExitCode == 0 ? "succeeded" : "failed",
            CommandEnd.Cancelled => "cancelled",
            CommandEnd.TimedOut => "timed-out",
            _ => "start-failed",
        };
        TerraformTelemetry.EndCommand(activity, spec.Name, result, outcome.ExitCode, outcome.Elapsed);
        return outcome;
    }

    private async Task<CommandOutcome> RunCoreAsync(
        CommandSpec spec,
        Func<string, CancellationToken, Task> onOutputLine,
        Func<int, CancellationToken, ValueTask> onStarted,
        CancellationToken cancellationToken)
    {
        var stderr = new StringBuilder();
        var commandLine = TerraformCommandLine.Build(options, parentDeathSignal, spec.OutputFiles, spec.Arguments);
        var command = Cli.Wrap(commandLine[0])
            .WithArguments(commandLine.Skip(1))
            .WithWorkingDirectory(spec.WorkingDirectory)
            .WithEnvironmentVariables(spec.Environment)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(spec.OutputFiles is null ? PipeTarget.ToDelegate(onOutputLine) : PipeTarget.Null)
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                lock (stderr)
                {
                    if (stderr.Length < MaxStandardErrorChars)
                    {
                        stderr.AppendLine(line);
                    }
                }
            }))
            .WithValidation(CommandResultValidation.None);

        var clock = Stopwatch.StartNew();
        using var abandon = new CancellationTokenSource();
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Process? process = null;
        Task<CommandResult> task;
        int processId;
        try
        {
            // The process's own exit, apart from CliWrap's task: that one also waits for the output pipes to close,
            // which a child that inherited them (a shell's background job) can hold open long after the exit.
            CommandTask<CommandResult> Start() => command.ExecuteAsync(
                null,
                p =>
                {
                    process = p;
                    p.EnableRaisingEvents = true;
                    p.Exited += (_, _) => exited.TrySetResult();
                },
                abandon.Token,
                CancellationToken.None);
            var started = parentDeathSignal ? await SpawnThread.RunAsync(Start).ConfigureAwait(false) : Start();
            task = started.Task;
            processId = started.ProcessId;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return new CommandOutcome(CommandEnd.StartFailed, -1, 0, false, ex.Message, clock.Elapsed);
        }

        // The Exited handler is attached before the start; CliWrap's own completion covers a disposed process object.
        _ = task.ContinueWith(_ => exited.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // With setsid, the started process (Terraform or its supervising shell) leads a new group: its pid is the group id.
        await onStarted(processId, cancellationToken).ConfigureAwait(false);
        var output = spec.OutputFiles is { } files
            ? OutputFileReader.FollowAsync(files.StandardOutput, exited.Task, onOutputLine, cancellationToken)
            : Task.CompletedTask;

        using var timeout = new CancellationTokenSource(spec.Timeout, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var end = CommandEnd.Exited;
        var forced = false;
        using (stop.Token.Register(() => stopRequested.TrySetResult()))
        {
            if (await Task.WhenAny(exited.Task, stopRequested.Task).ConfigureAwait(false) != exited.Task)
            {
                end = cancellationToken.IsCancellationRequested ? CommandEnd.Cancelled : CommandEnd.TimedOut;

                // Exactly one interrupt: a second one makes Terraform exit at once and may lose state.
                ProcessSignals.Interrupt(processId);
                if (!await CompletesWithinAsync(exited.Task, spec.GracePeriod).ConfigureAwait(false))
                {
                    forced = true;
                    KillAll(processId);
                }
            }
        }

        // Always reap: provisioner children orphaned by an interrupted Terraform live on in its group. Killing them
        // also closes any output pipe they inherited.
        await CompletesWithinAsync(exited.Task, PipeDrainLimit).ConfigureAwait(false);
        KillAll(processId);
        if (!await CompletesWithinAsync(task, PipeDrainLimit).ConfigureAwait(false))
        {
            await abandon.CancelAsync().ConfigureAwait(false);
        }

        // Ends once the process has exited and the file is read to its end (the line callback may wait on a gate).
        await output.ConfigureAwait(false);

        int exitCode;
        try
        {
            exitCode = (await task.ConfigureAwait(false)).ExitCode;
        }
        catch (OperationCanceledException)
        {
            exitCode = ExitCodeOf(process);
        }
        catch (Win32Exception ex)
        {
            return new CommandOutcome(CommandEnd.StartFailed, -1, processId, false, ex.Message, clock.Elapsed);
        }

        return new CommandOutcome(end, exitCode, processId, forced, StandardError(stderr, spec.OutputFiles), clock.Elapsed);
    }

    private static string StandardError(StringBuilder wrapper, CommandOutputFiles? files)
    {
        string fromWrapper;
        lock (wrapper)
        {
            fromWrapper = wrapper.ToString();
        }

        // The wrapper's own stderr holds only its failures (setpriv, sh): Terraform's goes to the file.
        return files is null
            ? fromWrapper
            : fromWrapper + OutputFileReader.ReadStart(files.StandardError, MaxStandardErrorChars - Math.Min(fromWrapper.Length, MaxStandardErrorChars));
    }

    private static int ExitCodeOf(Process? process)
    {
        try
        {
            return process is { HasExited: true } ? process.ExitCode : -1;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private void KillAll(int processId)
    {
        if (options.UseProcessGroup)
        {
            ProcessSignals.KillGroup(processId);
        }
        else
        {
            ProcessSignals.KillProcess(processId);
        }
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan limit)
    {
        using var cancelDelay = new CancellationTokenSource();
        var delay = Task.Delay(limit, timeProvider, cancelDelay.Token);
        var first = await Task.WhenAny(task, delay).ConfigureAwait(false);
        await cancelDelay.CancelAsync().ConfigureAwait(false);
        return first == task;
    }
}

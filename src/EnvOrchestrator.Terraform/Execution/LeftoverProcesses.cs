namespace EnvOrchestrator.Terraform.Execution;

/// <summary>The processes a run directory's Terraform left running when its service died.</summary>
internal static class LeftoverProcesses
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    // SIGKILL takes effect at once; this only bounds waiting for the kernel to tear the processes down.
    private static readonly TimeSpan KillLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Terraform processes of the directory still running: those recorded (id and start time must match), and group
    /// leaders carrying the directory's environment marker, which the service may not have had time to record.
    /// </summary>
    public static IReadOnlyList<RunProcess> RunningTerraform(RunDirectory directory)
    {
        var running = directory.RecordedProcesses().Where(p => p.Identity.IsAlive()).ToList();
        foreach (var stat in ProcFs.WithEnvironmentEntry(directory.MarkerEntry))
        {
            if (stat.ProcessId == stat.GroupId && running.TrueForAll(p => p.ProcessId != stat.ProcessId))
            {
                running.Add(new RunProcess(stat.ProcessId, stat.StartTime, "unrecorded", ParentDeathSignal: false, ProcessGroup: true));
            }
        }

        return running;
    }

    /// <summary>True when every one of <paramref name="processes"/> exited within <paramref name="limit"/>.</summary>
    public static async Task<bool> WaitForExitAsync(
        IReadOnlyList<RunProcess> processes, TimeSpan limit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (processes.Any(p => p.Identity.IsAlive()))
        {
            if (timeProvider.GetElapsedTime(started) >= limit)
            {
                return false;
            }

            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// The one graceful stop for each process that did not get one already: Terraform treats a second interrupt as
    /// "exit now". True when a signal was sent.
    /// </summary>
    public static bool Terminate(IReadOnlyList<RunProcess> processes)
    {
        var sent = false;
        foreach (var process in processes.Where(p => !p.ParentDeathSignal && p.Identity.IsAlive()))
        {
            sent |= ProcessSignals.Terminate(process.ProcessId);
        }

        return sent;
    }

    /// <summary>
    /// SIGKILL to the groups of the live <paramref name="terraform"/> processes and to every process carrying the
    /// directory's marker (provisioner children Terraform orphaned, in its group or not), then waits for them to go.
    /// A group is only signalled while its recorded leader lives: a dead leader's id may name someone else's group now.
    /// </summary>
    public static async Task KillAllAsync(
        RunDirectory directory, IReadOnlyList<RunProcess> terraform, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        foreach (var process in terraform.Where(p => p.Identity.IsAlive()))
        {
            if (process.ProcessGroup)
            {
                ProcessSignals.KillGroup(process.ProcessId);
            }

            ProcessSignals.KillProcess(process.ProcessId);
        }

        var started = timeProvider.GetTimestamp();
        while (true)
        {
            var marked = ProcFs.WithEnvironmentEntry(directory.MarkerEntry);
            if (marked.Count == 0 && terraform.All(p => !p.Identity.IsAlive()))
            {
                return;
            }

            foreach (var stat in marked)
            {
                ProcessSignals.KillProcess(stat.ProcessId);
            }

            if (timeProvider.GetElapsedTime(started) >= KillLimit)
            {
                return;
            }

            await Task.Delay(Poll, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}

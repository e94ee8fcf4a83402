using System.Diagnostics;
using System.Globalization;

namespace EnvOrchestrator.StateBackend;

/// <summary>
/// Which service process served a lock request: <c>{machine}/{pid}/{process start ticks}</c>. A Terraform always locks
/// through the backend of the service that started it, so a lock served by a process that no longer runs on this
/// machine belongs to a Terraform whose service died: nobody will release it, and it can be taken away at once
/// instead of after a wait meant for attempts that may still be running on another instance.
/// </summary>
public static class StateServer
{
    public static string Current { get; } = Describe(Environment.MachineName, Environment.ProcessId, StartTicks(Process.GetCurrentProcess()));

    /// <summary>True when <paramref name="server"/> names a process of this machine that is gone (the pid is free or reused).</summary>
    public static bool IsGoneFromThisMachine(string? server)
    {
        var parts = server?.Split('/');
        if (parts is not { Length: 3 } ||
            !string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return StartTicks(process) != startTicks;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string Describe(string machine, int pid, long startTicks) =>
        string.Create(CultureInfo.InvariantCulture, $"{machine}/{pid}/{startTicks}");

    private static long StartTicks(Process process) => process.StartTime.ToUniversalTime().Ticks;
}

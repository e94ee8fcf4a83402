using System.Runtime.InteropServices;

namespace EnvOrchestrator.Terraform.Execution;

/// <summary>POSIX signals: one interrupt to Terraform itself, SIGKILL to its whole process group.</summary>
internal static partial class ProcessSignals
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int EPerm = 1;

    /// <summary>Sends SIGINT to the process only (not its group): Terraform stops gracefully and stops its own children.</summary>
    public static bool Interrupt(int processId) => !OperatingSystem.IsWindows() && processId > 1 && Kill(processId, SigInt) == 0;

    /// <summary>Sends SIGTERM to the process only: for Terraform the same graceful stop as SIGINT.</summary>
    public static bool Terminate(int processId) => !OperatingSystem.IsWindows() && processId > 1 && Kill(processId, SigTerm) == 0;

    /// <summary>SIGKILL to every process of the group, including provisioner children Terraform orphaned.</summary>
    public static bool KillGroup(int processGroupId) => !OperatingSystem.IsWindows() && processGroupId > 1 && Kill(-processGroupId, SigKill) == 0;

    /// <summary>SIGKILL to one process.</summary>
    public static bool KillProcess(int processId) => !OperatingSystem.IsWindows() && processId > 1 && Kill(processId, SigKill) == 0;

    /// <summary>True when a process with this id exists (signal 0 checks without sending anything).</summary>
    public static bool Exists(int processId) =>
        !OperatingSystem.IsWindows() && processId > 0 && (Kill(processId, 0) == 0 || Marshal.GetLastPInvokeError() == EPerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

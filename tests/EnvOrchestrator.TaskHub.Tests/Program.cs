using EnvOrchestrator.TaskHub.Tests.Support;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>
/// The test host never calls this; the crash and scale-out tests start this assembly as a separate process with
/// <see cref="WorkerProcess.Verb"/> to have a worker they can kill.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) =>
        args is [WorkerProcess.Verb, var configFile] ? await WorkerProcess.RunAsync(configFile) : 0;
}

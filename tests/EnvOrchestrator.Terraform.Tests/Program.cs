using EnvOrchestrator.Terraform.Tests.Support;

namespace EnvOrchestrator.Terraform.Tests;

/// <summary>
/// The test host never calls this; the service-death tests start this assembly as a separate process with
/// <see cref="FakeService.Verb"/> to have a service they can kill.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) =>
        args is [FakeService.Verb, var configFile] ? await FakeService.RunAsync(configFile) : 0;
}

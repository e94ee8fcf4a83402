using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>A task hub the provider could not name, or could not partition, is refused when the host starts.</summary>
public sealed class OptionsValidationTests(ITestOutputHelper output)
{
    // The emulator is never reached: validation refuses the host before anything connects.
    private const string Unreachable = "UseDevelopmentStorage=true";

    public static TheoryData<string, Action<TaskHubOptions>> BadOptions => new()
    {
        { "TaskHubName", o => o.TaskHubName = "env-orch" },
        { "TaskHubName", o => o.TaskHubName = "1hub" },
        { "TaskHubName", o => o.TaskHubName = "ab" },
        { "TaskHubName", o => o.TaskHubName = new string('h', 46) },
        { "PartitionCount", o => o.PartitionCount = 0 },
        { "PartitionCount", o => o.PartitionCount = 17 },
        { "ConnectionString", o => o.ConnectionString = null },
        { "PartitionLeaseRenewInterval", o => o.PartitionLeaseRenewInterval = o.PartitionLeaseInterval },
        { "WorkItemVisibilityTimeout", o => o.WorkItemVisibilityTimeout = TimeSpan.FromSeconds(5) },
        { "ControlQueueVisibilityTimeout", o => o.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(5) },
        { "MaxActivityDeliveries", o => o.MaxActivityDeliveries = 0 },
        { "AccountName", o => (o.ConnectionString, o.AccountName) = (null, "my storage/") },
        { "EndpointSuffix", o => (o.ConnectionString, o.AccountName, o.EndpointSuffix) = (null, "mystorage", "core windows net") },
    };

    [Theory]
    [InlineData("core.windows.net", "https://mystorage.table.core.windows.net/")]
    [InlineData("core.usgovcloudapi.net", "https://mystorage.table.core.usgovcloudapi.net/")]
    public void ServiceUri_AccountAndSuffix_NamesTheServiceEndpoint(string suffix, string expected)
    {
        var options = new TaskHubOptions { AccountName = "mystorage", EndpointSuffix = suffix };

        Assert.Equal(new Uri(expected), options.ServiceUri("table"));
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadOptions))]
    public async Task StartAsync_BadOption_ThrowsOptionsValidationNamingIt(string option, Action<TaskHubOptions> spoil)
    {
        using var logs = new XunitLoggerProvider(output);
        using var host = HubHost.Build(logs, Unreachable, "envorch", spoil, tasks: _ => { });

        var error = await Record.ExceptionAsync(() => host.StartAsync());

        var refused = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(refused.Failures, f => f.Contains(option, StringComparison.Ordinal));
    }
}

using System.Globalization;

namespace EnvOrchestrator.Functions.Tests.Metadata;

/// <summary>host.json as it ships beside the app: what the Functions host and its Durable extension read.</summary>
public sealed class HostJsonTests
{
    private static readonly System.Text.Json.JsonElement Host = FunctionsAppOutput.Read("host.json");

    [Fact]
    public void HostJson_Http_NoRoutePrefixSoPathsMatchTheSelfHostedService()
    {
        Assert.Equal("", Host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void HostJson_DurableTask_AzureStorageHubTunedAsTheSelfHostedWorker()
    {
        var durable = Host.GetProperty("extensions").GetProperty("durableTask");
        var storage = durable.GetProperty("storageProvider");
        var selfHosted = new TaskHub.TaskHubOptions();

        Assert.Equal(selfHosted.TaskHubName, durable.GetProperty("hubName").GetString());
        Assert.Equal(("AzureStorage", "AzureWebJobsStorage"), (storage.GetProperty("type").GetString(), storage.GetProperty("connectionName").GetString()));
        Assert.Equal(selfHosted.PartitionCount, storage.GetProperty("partitionCount").GetInt32());
        Assert.Equal(selfHosted.ControlQueueBatchSize, storage.GetProperty("controlQueueBatchSize").GetInt32());
        Assert.Equal(selfHosted.MaxQueuePollingInterval, TimeSpan.Parse(storage.GetProperty("maxQueuePollingInterval").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(selfHosted.WorkItemVisibilityTimeout, TimeSpan.Parse(storage.GetProperty("workItemQueueVisibilityTimeout").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(selfHosted.MaxConcurrentActivities, durable.GetProperty("maxConcurrentActivityFunctions").GetInt32());
    }

    [Fact]
    public void HostJson_FunctionTimeout_FitsAnHourLongApplyAndIsBounded()
    {
        var timeout = TimeSpan.Parse(Host.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);

        Assert.InRange(timeout, TimeSpan.FromHours(1.5), TimeSpan.FromHours(4));
    }
}

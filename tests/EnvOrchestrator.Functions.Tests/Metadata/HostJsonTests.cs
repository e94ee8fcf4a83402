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

        // One setting names the hub for both hosts (infra sets it; the sample holds the self-hosted default).
        Assert.Equal("%TaskHub__TaskHubName%", durable.GetProperty("hubName").GetString());
        Assert.Equal(selfHosted.TaskHubName, LocalSettingsSample().GetProperty("Values").GetProperty("TaskHub__TaskHubName").GetString());
        Assert.Equal(("AzureStorage", "AzureWebJobsStorage"), (storage.GetProperty("type").GetString(), storage.GetProperty("connectionName").GetString()));
        Assert.Equal(selfHosted.PartitionCount, storage.GetProperty("partitionCount").GetInt32());
        Assert.Equal(selfHosted.ControlQueueBatchSize, storage.GetProperty("controlQueueBatchSize").GetInt32());
        Assert.Equal(selfHosted.MaxQueuePollingInterval, TimeSpan.Parse(storage.GetProperty("maxQueuePollingInterval").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(selfHosted.WorkItemVisibilityTimeout, TimeSpan.Parse(storage.GetProperty("workItemQueueVisibilityTimeout").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(selfHosted.MaxConcurrentActivities, durable.GetProperty("maxConcurrentActivityFunctions").GetInt32());
    }

    private static System.Text.Json.JsonElement LocalSettingsSample()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Testing.RepositoryPaths.Root, "local.settings.sample.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void HostJson_FunctionTimeout_FitsAnHourLongApplyAndIsBounded()
    {
        var timeout = TimeSpan.Parse(Host.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);

        Assert.InRange(timeout, TimeSpan.FromHours(1.5), TimeSpan.FromHours(4));
    }
}

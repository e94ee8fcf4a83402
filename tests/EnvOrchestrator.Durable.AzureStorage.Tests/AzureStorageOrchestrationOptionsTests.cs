using Azure.Identity;
using EnvOrchestrator.Durable.Backend;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

public sealed class AzureStorageOrchestrationOptionsTests
{
    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("1abc", false)]
    [InlineData("hub-name", false)]
    [InlineData("Hub42", true)]
    [InlineData("a23456789012345678901234567890123456789012345", true)]
    [InlineData("a234567890123456789012345678901234567890123456", false)]
    public void Validate_TaskHubName_AcceptsLettersAndDigitsOnly(string taskHub, bool valid)
    {
        var options = new AzureStorageOrchestrationOptions { TaskHub = taskHub, ConnectionString = "UseDevelopmentStorage=true" };

        var result = new AzureStorageOrchestrationOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public void Validate_PartitionCount_BetweenOneAndSixteen(int partitions, bool valid)
    {
        var options = new AzureStorageOrchestrationOptions { PartitionCount = partitions, ConnectionString = "UseDevelopmentStorage=true" };

        Assert.Equal(valid, new AzureStorageOrchestrationOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_CredentialWithoutEndpoints_Fails()
    {
        var options = new AzureStorageOrchestrationOptions { Credential = new DefaultAzureCredential(), TableEndpoint = new Uri("https://t.example") };

        var result = new AzureStorageOrchestrationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("QueueEndpoint", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    [InlineData(24 * 60, true)]
    public void Validate_OrphanPayloadAge_AtLeastOneHour(int minutes, bool valid)
    {
        var options = new AzureStorageOrchestrationOptions { OrphanPayloadAge = TimeSpan.FromMinutes(minutes), ConnectionString = "UseDevelopmentStorage=true" };

        Assert.Equal(valid, new AzureStorageOrchestrationOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(null, true)]
    public void Validate_OrphanPayloadSweepInterval_PositiveOrOff(int? minutes, bool valid)
    {
        var options = new AzureStorageOrchestrationOptions
        {
            OrphanPayloadSweepInterval = minutes is { } m ? TimeSpan.FromMinutes(m) : null,
            ConnectionString = "UseDevelopmentStorage=true",
        };

        Assert.Equal(valid, new AzureStorageOrchestrationOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NoConnection_Fails()
    {
        Assert.True(new AzureStorageOrchestrationOptionsValidator().Validate(null, new AzureStorageOrchestrationOptions()).Failed);
    }

    [Fact]
    public void AddAzureStorageOrchestrationBackend_ValidOptions_ResolvesPort()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAzureStorageOrchestrationBackend(o =>
        {
            o.TaskHub = "Tests1";
            o.PartitionCount = 2;
            o.ConnectionString = "UseDevelopmentStorage=true";
        });
        using var provider = services.BuildServiceProvider();

        var backend = provider.GetRequiredService<IOrchestrationBackend>();

        Assert.IsType<AzureStorageOrchestrationBackend>(backend);
        Assert.Equal("Tests1", backend.TaskHub);
        Assert.Equal(2, backend.PartitionCount);
    }

    [Fact]
    public void AddAzureStorageOrchestrationBackend_InvalidOptions_FailsOnResolve()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAzureStorageOrchestrationBackend(o => o.TaskHub = "x");
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOrchestrationBackend>());
    }
}

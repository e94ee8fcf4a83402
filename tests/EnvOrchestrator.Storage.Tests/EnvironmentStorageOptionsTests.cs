using Azure.Identity;

namespace EnvOrchestrator.Storage.Tests;

public sealed class EnvironmentStorageOptionsTests
{
    [Fact]
    public void Errors_DevelopmentStorage_IsValid()
    {
        var errors = EnvironmentStorageOptionsValidator.Errors(new EnvironmentStorageOptions { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.Empty(errors);
    }

    [Fact]
    public void Errors_CredentialWithEndpoints_IsValid()
    {
        var options = new EnvironmentStorageOptions
        {
            Credential = new DefaultAzureCredential(),
            TableEndpoint = new Uri("https://account.table.core.windows.net"),
            BlobEndpoint = new Uri("https://account.blob.core.windows.net"),
        };

        Assert.Empty(EnvironmentStorageOptionsValidator.Errors(options));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("env-orch")]
    [InlineData("")]
    public void Errors_BadPrefix_IsReported(string prefix)
    {
        var errors = EnvironmentStorageOptionsValidator.Errors(new EnvironmentStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TablePrefix = prefix });

        Assert.Contains(errors, e => e.Contains("TablePrefix", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_NoConnectionOrBoth_AreReported()
    {
        var none = EnvironmentStorageOptionsValidator.Errors(new EnvironmentStorageOptions());
        var both = EnvironmentStorageOptionsValidator.Errors(new EnvironmentStorageOptions { ConnectionString = "UseDevelopmentStorage=true", Credential = new DefaultAzureCredential() });
        var endpointMissing = EnvironmentStorageOptionsValidator.Errors(new EnvironmentStorageOptions { Credential = new DefaultAzureCredential(), TableEndpoint = new Uri("https://t") });

        Assert.Single(none);
        Assert.Single(both);
        Assert.Single(endpointMissing);
    }

    [Fact]
    public void Errors_NonPositiveIdempotencyTimes_AreReported()
    {
        var errors = EnvironmentStorageOptionsValidator.Errors(new EnvironmentStorageOptions { ConnectionString = "UseDevelopmentStorage=true", IdempotencyRetention = TimeSpan.Zero });

        Assert.Single(errors);
    }
}

using EnvOrchestrator.Azurite;
using EnvOrchestrator.Hosting.Hosting;

namespace EnvOrchestrator.Hosting.Tests.Hosting;

public sealed class EmulatorConnectionTests
{
    [Fact]
    public void TryGetEndpoints_DevelopmentStorage_ReturnsDefaultPorts()
    {
        Assert.Equal(AzuriteEndpoints.Default, EmulatorConnection.TryGetEndpoints("UseDevelopmentStorage=true"));
    }

    [Fact]
    public void TryGetEndpoints_ExplicitLoopbackEmulator_ReturnsItsPorts()
    {
        var endpoints = new AzuriteEndpoints(41001, 41002, 41003);

        Assert.Equal(endpoints, EmulatorConnection.TryGetEndpoints(endpoints.ConnectionString));
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=prodaccount;AccountKey=a2V5;EndpointSuffix=core.windows.net")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://storage.internal:10000/devstoreaccount1;QueueEndpoint=http://storage.internal:10001/devstoreaccount1;TableEndpoint=http://storage.internal:10002/devstoreaccount1")]
    [InlineData(null)]
    public void TryGetEndpoints_RealOrRemoteStorage_ReturnsNull(string? connectionString)
    {
        Assert.Null(EmulatorConnection.TryGetEndpoints(connectionString));
    }
}

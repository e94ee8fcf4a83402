using Azure.Storage.Queues;
using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Testing;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

/// <summary>Messages taken from the queue by the Azure Functions host (raw text) and handed to the engine.</summary>
public sealed class DeliveredMessageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory(Timeout = 60_000)]
    [InlineData(100)]
    [InlineData(200_000)]
    public async Task AcceptDeliveredMessageAsync_RawTextFromAnotherReceiver_DecodesBodyAndDeletesLikeOwnReceive(int bodyLength)
    {
        var backend = await AzuriteBackends.CreateHubAsync(azurite);
        var body = "{\"payload\":\"" + new string('x', bodyLength) + "\"}";
        await backend.SendMessageAsync(QueueNames.WorkItems, body, TimeSpan.Zero, CancellationToken.None);
        var raw = new QueueClient(azurite.ConnectionString, backend.TaskHub.ToLowerInvariant() + "-" + QueueNames.WorkItems);
        var taken = (await raw.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;

        var accepted = await backend.AcceptDeliveredMessageAsync(
            new DeliveredMessage(QueueNames.WorkItems, taken.MessageId, taken.PopReceipt, taken.MessageText, taken.DequeueCount, taken.InsertedOn),
            CancellationToken.None);
        await backend.DeleteMessageAsync(accepted, CancellationToken.None);
        var left = (await raw.PeekMessagesAsync(32)).Value;

        Assert.Equal(body, accepted.Body);
        Assert.Equal(1, accepted.DequeueCount);
        Assert.Empty(left);
    }
}

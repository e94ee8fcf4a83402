namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// Entity-group transaction limits of Azure Tables. Azurite enforces neither (over 100 actions it returns a reply
/// the SDK cannot parse; over 4 MiB it accepts), so the backend checks them before sending anything.
/// </summary>
internal static class TransactionLimits
{
    public const int MaxActions = 100;

    public const long MaxRequestBytes = 4L * 1024 * 1024;
}

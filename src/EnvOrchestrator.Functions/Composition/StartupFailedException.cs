namespace EnvOrchestrator.Functions.Composition;

/// <summary>
/// The service cannot start for a reason its operator must fix (a catalog with errors, a missing catalog folder):
/// the program prints the message alone and exits non-zero, instead of a stack trace and an abort.
/// </summary>
internal sealed class StartupFailedException(string message) : Exception(message);

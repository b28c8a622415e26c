namespace CommPlan.Storage.Postgres;

/// <summary>
/// Where the app's own state lives when several instances share it (Storage:State = Postgres), and how long an
/// instance's claim on an outbox entry lasts before another instance may take the entry over.
/// </summary>
/// <param name="InstanceId">Names this process in the claims it takes; new at every start.</param>
/// <param name="ClaimLease">
/// Longer than a send can take (the request timeout and recording its outcome): a live instance never loses a claim,
/// and a crashed one's claims are taken over this long after it stopped.
/// </param>
public sealed record PostgresStateOptions(string ConnectionString, TimeSpan ClaimLease, string InstanceId)
{
    public static string NewInstanceId() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}

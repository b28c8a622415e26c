using CommPlan.Host.Outbox;
using CommPlan.Host.Extensions;
using CommPlan.Host.Settings;
using CommPlan.Storage.Postgres;
using Npgsql;

namespace CommPlan.Host.Features.SharedState;

/// <summary>
/// Where the app keeps its own state: the SQLite file (the embedded default, one instance) or PostgreSQL, which
/// several instances behind a load balancer share. Storage:State chooses; ConnectionStrings:CommPlanState says where.
/// </summary>
public static class StateStorage
{
    public const string StateSetting = "Storage:State";
    public const string ConnectionStringName = "CommPlanState";
    public const string ConnectionStringSetting = "ConnectionStrings:" + ConnectionStringName;
    public const string ClaimLeaseSetting = "Storage:ClaimLease";
    public static readonly TimeSpan DefaultClaimLease = TimeSpan.FromMinutes(2);

    public static bool UsesPostgres(IConfiguration configuration) =>
        string.Equals(configuration[StateSetting]?.Trim(), "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checked at start with the other settings.</summary>
    public static void Check(IConfiguration configuration, SettingProblems problems)
    {
        var state = configuration[StateSetting];
        if (state is not null && !string.Equals(state.Trim(), "Sqlite", StringComparison.OrdinalIgnoreCase) && !UsesPostgres(configuration))
        {
            problems.Add(StateSetting, "must be Sqlite (the embedded default) or Postgres", SettingProblems.Quote(state));
            return;
        }
        if (!UsesPostgres(configuration)) return;
        var connection = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connection))
            problems.Add(ConnectionStringSetting, $"must be a PostgreSQL connection string when {StateSetting} is Postgres, e.g. Host=db.example.org;Database=commplan;Username=commplan;Password=…");
        else
        {
            try
            {
                var parsed = new NpgsqlConnectionStringBuilder(connection);
                if (string.IsNullOrWhiteSpace(parsed.Host))
                    problems.Add(ConnectionStringSetting, "must name the server (Host=…)");
            }
            catch (ArgumentException e)
            {
                // The value may hold a password: only the reason is shown.
                problems.Add(ConnectionStringSetting, "must be a PostgreSQL connection string (Host=…;Database=…;Username=…): " + e.Message);
            }
        }
        var lease = configuration[ClaimLeaseSetting];
        if (lease is not null)
        {
            if (!TimeSpan.TryParse(lease, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
                problems.Add(ClaimLeaseSetting, "must be a positive duration, e.g. 00:02:00", SettingProblems.Quote(lease));
            else
            {
                var timeout = configuration.GetSection(BotOutboxExtensions.OutboxSection).Get<OutboxOptions>()?.RequestTimeout ?? new OutboxOptions().RequestTimeout;
                // A live instance must never lose a claim while its request may still be on the way.
                if (value <= timeout)
                    problems.Add(ClaimLeaseSetting, $"must be longer than {BotOutboxExtensions.OutboxSection}:RequestTimeout ({SettingProblems.Show(timeout)})", SettingProblems.Show(value));
            }
        }
    }

    public static PostgresStateOptions Options(IConfiguration configuration)
    {
        var lease = configuration[ClaimLeaseSetting] is { } text
            ? TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : DefaultClaimLease;
        return new PostgresStateOptions(configuration.GetConnectionString(ConnectionStringName)!, lease, PostgresStateOptions.NewInstanceId());
    }

    /// <summary>Where the server is, without the password, for the log.</summary>
    public static string Describe(PostgresStateOptions options)
    {
        var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        return $"PostgreSQL {parsed.Host}:{parsed.Port}/{parsed.Database}";
    }
}

namespace CommPlan.Domain.Calendar;

/// <summary>Country whose public-holiday law a calendar follows.</summary>
public enum Country
{
    Sweden,
    Norway,
}

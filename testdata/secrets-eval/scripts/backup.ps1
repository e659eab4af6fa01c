param([string]$Target = "D:\Backups")

$user = "SHOP\svc_backup"
$password = ConvertTo-SecureString "P@ssw0rd2024" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($user, $password)
$prompted = Get-Credential -Message "Backup operator password"

$conn = "DefaultEndpointsProtocol=https;AccountName=shopbackups;AccountKey=aSIgMfJXlX8ylnq2We9q69v8Sqf9nKeRuEFbmTCaywSi7MAqT0OK9s/qafNc4cAL4VY6zm5f5aBj7NNPTM2EuV==;EndpointSuffix=core.windows.net"
Write-Host "Backing up to $Target"

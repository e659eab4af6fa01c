# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN mkdir C:\app
# expect: DKR201
USER ContainerAdministrator
CMD ["C:\\app\\run.exe"]

FROM nginx:1.27.3
